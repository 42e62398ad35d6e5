package good

import "sync"

// Reduced from nats-io/nats-server (trackGWReply in server/gateway.go): a sync.Locker variable that holds either
// the account's lock or the client's makes the two declarations one alias class. The orders below are
// client → reload (Setup) and reload → account (Reload): no cycle, since the account's lock and the client's are
// different locks. A lock named directly (`acc.mu`, `c.mu`) keeps its own declaration's class.

type Account struct {
	mu      sync.Mutex
	replies map[string]int
}

type Client struct {
	mu      sync.Mutex
	replies map[string]int
	tls     bool
}

type Hub struct {
	reloadMu sync.RWMutex
	accounts []*Account
	useTLS   bool
}

// Track records a reply in the account when there is one, else in the client, under whichever lock owns it.
func Track(c *Client, acc *Account, reply string) {
	var l sync.Locker
	var m map[string]int
	if acc != nil {
		l, m = &acc.mu, acc.replies
	} else {
		l, m = &c.mu, c.replies
	}
	l.Lock()
	m[reply]++
	l.Unlock()
}

// Setup: client lock, then the reload lock (read).
func (h *Hub) Setup(c *Client) {
	c.mu.Lock()
	h.reloadMu.RLock()
	c.tls = h.useTLS
	h.reloadMu.RUnlock()
	c.mu.Unlock()
}

// Reload: reload lock, then each account's lock.
func (h *Hub) Reload(useTLS bool) {
	h.reloadMu.Lock()
	defer h.reloadMu.Unlock()
	h.useTLS = useTLS
	for _, a := range h.accounts {
		a.mu.Lock()
		a.replies = map[string]int{}
		a.mu.Unlock()
	}
}
