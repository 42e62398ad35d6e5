package good

import "sync"

// Reduced from crypto/tls (conn.go: handshakeContext → writeHandshakeRecord; sendAlert → c.write →
// c.conn.Write): a secure connection takes its handshake lock, then its output lock; SendAlert holds the output
// lock while it writes to the connection it wraps, through an interface field. When that wrapped connection is
// itself a SecureConn (TLS over TLS), its Write takes its own handshake lock — the inner value's, never the
// wrapper's: a value does not wrap itself. The two orders are on two values, one inside the other.

type ByteSink interface{ Write(b []byte) int }

type half struct {
	sync.Mutex
	n int
}

type SecureConn struct {
	handshakeMu sync.Mutex
	out         half
	conn        ByteSink
}

// Handshake: the handshake lock, then the output lock.
func (c *SecureConn) Handshake() {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	c.out.Lock()
	c.out.n++
	c.out.Unlock()
}

func (c *SecureConn) Write(b []byte) int {
	c.Handshake()
	return len(b)
}

// SendAlert: the output lock, then the wrapped connection's Write.
func (c *SecureConn) SendAlert() {
	c.out.Lock()
	defer c.out.Unlock()
	c.conn.Write([]byte{21})
}

type plainSink struct{ n int }

func (p *plainSink) Write(b []byte) int { p.n += len(b); return len(b) }

// Layered is TLS over TLS: an outer SecureConn over an inner one over a plain sink.
func Layered() *SecureConn {
	inner := &SecureConn{conn: &plainSink{}}
	return &SecureConn{conn: inner}
}
