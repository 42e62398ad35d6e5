// Kernel reduced from grpc/grpc-go#5644 "Deadlock on grpc transport" (2022; regression from PR #5494).
// http2Client documents "do not access controlBuf with mu held", yet the RST_STREAM path called closeStream with
// t.mu held, and closeStream puts a cleanup item on the controlBuf (taking controlBuf.mu). Concurrently the
// writer, holding controlBuf.mu, called back into the transport, which takes t.mu: an AB–BA lock inversion.
// Fix: release t.mu before closeStream touches the controlBuf.
package bad

import (
	"sync"
	"time"
)

type controlBuffer struct {
	mu    sync.Mutex
	items []string
	// onEmpty is the transport's callback, run with mu held.
	onEmpty func()
}

func (c *controlBuffer) put(item string) {
	c.mu.Lock() // BLOCKS: mutex
	defer c.mu.Unlock()
	c.items = append(c.items, item)
}

func (c *controlBuffer) drain() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = c.items[:0]
	time.Sleep(20 * time.Millisecond)
	c.onEmpty()
}

type http2Client struct {
	mu            sync.Mutex // do not access controlBuf with mu held
	activeStreams map[uint32]bool
	controlBuf    *controlBuffer
}

func newClient() *http2Client {
	t := &http2Client{activeStreams: map[uint32]bool{1: true}}
	t.controlBuf = &controlBuffer{onEmpty: t.streamQuotaAvailable}
	return t
}

func (t *http2Client) streamQuotaAvailable() {
	t.mu.Lock() // BLOCKS: mutex
	defer t.mu.Unlock()
	_ = len(t.activeStreams)
}

func (t *http2Client) closeStream(id uint32) {
	delete(t.activeStreams, id)
	t.controlBuf.put("cleanupStream")
}

func (t *http2Client) handleRSTStream(id uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	t.closeStream(id)
}

func Run() {
	t := newClient()
	go t.controlBuf.drain()
	t.handleRSTStream(1)
}
