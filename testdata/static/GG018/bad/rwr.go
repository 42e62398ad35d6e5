package bad

import "sync"

// Stats re-enters its read lock through a helper; Reset's writer can slip in between.
type Stats struct {
	mu     sync.RWMutex
	counts map[string]int
}

func (s *Stats) total() int {
	s.mu.RLock() // want GG018
	defer s.mu.RUnlock()
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func (s *Stats) Share(k string) float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return float64(s.counts[k]) / float64(s.total()+1)
}

func (s *Stats) Reset() {
	s.mu.Lock()
	s.counts = map[string]int{}
	s.mu.Unlock()
}
