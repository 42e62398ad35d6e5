package hub

import "sync"

// Hub hands events to a drain loop over an unbuffered channel. Publish sends while it holds the lock that Drain
// takes first (to read its counters) before each receive: when Drain reaches Lock while Publish waits in its
// send, both block forever.
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
	h.events <- ev
}

// Drain receives n events; it reads the counter under the lock before each.
func (h *Hub) Drain(n int) int {
	got := 0
	for i := 0; i < n; i++ {
		h.mu.Lock()
		_ = h.seen
		h.mu.Unlock()
		<-h.events
		got++
	}
	return got
}
