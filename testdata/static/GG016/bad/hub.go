package bad

import "sync"

// Hub hands events to a drain loop over an unbuffered channel while it holds the lock the loop needs first.
type Hub struct {
	mu     sync.Mutex
	seen   int
	events chan string
}

func NewHub() *Hub { return &Hub{events: make(chan string)} }

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen++
	h.events <- ev // want GG016
}

// Drain takes the lock to read its counters, then receives: it needs h.mu before it can take the event.
func (h *Hub) Drain(n int) {
	for i := 0; i < n; i++ {
		h.mu.Lock()
		_ = h.seen
		h.mu.Unlock()
		<-h.events
	}
}
