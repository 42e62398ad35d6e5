// Fixed version of grpc/grpc-go PR #7662: the GOAWAY write happens after mu is released, so GetGoAwayReason
// returns and Close goes on to close the connection, which ends the write.
package fixed

import (
	"sync"
	"time"
)

type conn struct {
	out    chan []byte
	closed chan struct{}
}

func (c *conn) Write(b []byte) {
	select {
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
	t.goAwayReason = "client shutdown"
	t.mu.Unlock()
	t.conn.Write([]byte("GOAWAY"))
}

func (t *http2Client) GetGoAwayReason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.goAwayReason
}

func (t *http2Client) Close() {
	go t.outgoingGoAwayHandler()
	time.Sleep(20 * time.Millisecond)
	_ = t.GetGoAwayReason()
	t.conn.Close()
}

func Run() {
	t := &http2Client{conn: &conn{out: make(chan []byte), closed: make(chan struct{})}}
	t.Close()
}
