package bad

import "sync"

type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.RLock() // want GG018
	defer r.mu.RUnlock()
	return len(r.items)
}

// Add calls Len with the write lock held: RLock blocks on its own goroutine's Lock.
func (r *Registry) Add(k string, max int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Len() >= max {
		return false
	}
	r.items[k] = 1
	return true
}

type Server struct {
	mu    sync.Mutex
	conns int
}

// Close locks, then a cleanup closure locks the same mutex again.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	cleanup := func() {
		s.mu.Lock() // want GG018
		s.conns = 0
		s.mu.Unlock()
	}
	cleanup()
}

func NewRegistry() *Registry { return &Registry{items: map[string]int{}} }
