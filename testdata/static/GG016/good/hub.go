package good

import "sync"

// Hub releases the lock before it hands the event over.
type Hub struct {
	mu     sync.Mutex
	seen   int
	events chan string
}

func NewHub() *Hub { return &Hub{events: make(chan string)} }

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	h.seen++
	h.mu.Unlock()
	h.events <- ev
}

func (h *Hub) Drain(n int) {
	for i := 0; i < n; i++ {
		h.mu.Lock()
		_ = h.seen
		h.mu.Unlock()
		<-h.events
	}
}

// Notifier sends under its lock, but the receiver never takes that lock.
type Notifier struct {
	mu  sync.Mutex
	n   int
	out chan int
}

func (s *Notifier) Bump() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.out <- s.n
}

func (s *Notifier) Listen(k int) {
	for i := 0; i < k; i++ {
		<-s.out
	}
}

// Buffered: the send under the lock never waits for the receiver.
type Buffered struct {
	mu  sync.Mutex
	out chan int
}

func NewBuffered() *Buffered { return &Buffered{out: make(chan int, 1)} }

func (b *Buffered) Put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.out <- v
}

func (b *Buffered) Take() int {
	b.mu.Lock()
	b.mu.Unlock()
	return <-b.out
}
