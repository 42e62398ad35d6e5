// Fixed version of grpc/grpc-go#5644: closeStream runs after t.mu is released, so the transport never holds mu
// while it takes controlBuf.mu.
package fixed

import (
	"sync"
	"time"
)

type controlBuffer struct {
	mu      sync.Mutex
	items   []string
	onEmpty func()
}

func (c *controlBuffer) put(item string) {
	c.mu.Lock()
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
	mu            sync.Mutex
	activeStreams map[uint32]bool
	controlBuf    *controlBuffer
}

func newClient() *http2Client {
	t := &http2Client{activeStreams: map[uint32]bool{1: true}}
	t.controlBuf = &controlBuffer{onEmpty: t.streamQuotaAvailable}
	return t
}

func (t *http2Client) streamQuotaAvailable() {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = len(t.activeStreams)
}

func (t *http2Client) handleRSTStream(id uint32) {
	t.mu.Lock()
	delete(t.activeStreams, id)
	time.Sleep(20 * time.Millisecond)
	t.mu.Unlock()
	t.controlBuf.put("cleanupStream")
}

func Run() {
	t := newClient()
	go t.controlBuf.drain()
	t.handleRSTStream(1)
}
