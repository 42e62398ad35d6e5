// Kernel reduced from grpc/grpc-go PR #7662 "transport: prevent deadlock in transport Close when GoAway write
// hangs" (fixes #7606, 2024). outgoingGoAwayHandler held http2Client.mu while writing the GOAWAY frame to the
// connection; when the peer stops reading, that write never returns. Close then calls GetGoAwayReason, which
// needs mu, before it closes the connection — so the write is never unblocked and Close hangs.
// Fix: write the frame without holding mu.
package bad

import (
	"sync"
	"time"
)

// conn is a net.Conn whose peer stopped reading: Write returns only when the conn is closed.
type conn struct {
	out    chan []byte
	closed chan struct{}
}

func (c *conn) Write(b []byte) {
	select { // BLOCKS: select
	case c.out <- b:
	case <-c.closed:
	}
}

func (c *conn) Close() { close(c.closed) }

type http2Client struct {
	mu           sync.Mutex
	conn         *conn
	goAwayReason string
}

func (t *http2Client) outgoingGoAwayHandler() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.goAwayReason = "client shutdown"
	t.conn.Write([]byte("GOAWAY"))
}

func (t *http2Client) GetGoAwayReason() string {
	t.mu.Lock() // BLOCKS: mutex
	defer t.mu.Unlock()
	return t.goAwayReason
}

func (t *http2Client) Close() {
	go t.outgoingGoAwayHandler() // the loopy writer handles the queued GOAWAY
	time.Sleep(20 * time.Millisecond)
	_ = t.GetGoAwayReason()
	t.conn.Close()
}

func Run() {
	t := &http2Client{conn: &conn{out: make(chan []byte), closed: make(chan struct{})}}
	t.Close()
}
