package bad

import "sync"

// The counterpart of good/fresh_object.go that deadlocks: the connection is registered before its setup takes the
// reload lock, so a reload (reload lock, then every registered connection) can wait for it while the setup waits
// for the reload lock.

type Conn struct {
	mu  sync.Mutex
	tls bool
}

type Hub struct {
	reloadMu sync.RWMutex
	mu       sync.Mutex
	conns    []*Conn
	useTLS   bool
}

func (h *Hub) Dial() *Conn {
	c := &Conn{}
	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
	c.mu.Lock()
	h.reloadMu.Lock() // want GG017
	c.tls = h.useTLS
	h.reloadMu.Unlock()
	c.mu.Unlock()
	return c
}

func (h *Hub) Reload(useTLS bool) {
	h.reloadMu.Lock()
	defer h.reloadMu.Unlock()
	h.useTLS = useTLS
	h.mu.Lock()
	conns := append([]*Conn(nil), h.conns...)
	h.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock() // want GG017
		c.tls = useTLS
		c.mu.Unlock()
	}
}
