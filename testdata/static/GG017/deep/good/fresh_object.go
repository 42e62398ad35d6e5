package good

import "sync"

// Reduced from nats-io/nats-server (createGateway in server/gateway.go, ReloadOptions in server/reload.go): a new
// connection is locked while it is set up, and the setup briefly read-locks the reload lock; a reload holds the
// reload lock and locks every registered connection. The connection being set up is not registered yet (that
// happens after the setup, under no lock of the connection), so the reload cannot be waiting for it: no deadlock.
// An edge whose lock is on an object allocated in its function and not yet published (stored, passed on,
// captured) where the other lock is taken is dropped.

type GatewayConn struct {
	mu   sync.Mutex
	name string
	tls  bool
}

type GatewayHub struct {
	reloadMu sync.RWMutex
	mu       sync.Mutex
	conns    []*GatewayConn
	useTLS   bool
}

// Dial sets a new connection up under its own lock, then registers it.
func (h *GatewayHub) Dial(name string) *GatewayConn {
	c := &GatewayConn{name: name}
	c.mu.Lock()
	h.reloadMu.RLock()
	c.tls = h.useTLS
	h.reloadMu.RUnlock()
	c.mu.Unlock()

	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
	return c
}

// Reload holds the reload lock while it updates every registered connection.
func (h *GatewayHub) Reload(useTLS bool) {
	h.reloadMu.Lock()
	defer h.reloadMu.Unlock()
	h.useTLS = useTLS
	h.mu.Lock()
	conns := append([]*GatewayConn(nil), h.conns...)
	h.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock()
		c.tls = useTLS
		c.mu.Unlock()
	}
}
