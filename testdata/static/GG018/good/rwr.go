package good

import "sync"

// Stats computes the total with the read lock it already holds.
type Stats struct {
	mu     sync.RWMutex
	counts map[string]int
}

func (s *Stats) totalLocked() int {
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func (s *Stats) Share(k string) float64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return float64(s.counts[k]) / float64(s.totalLocked()+1)
}

func (s *Stats) Reset() {
	s.mu.Lock()
	s.counts = map[string]int{}
	s.mu.Unlock()
}
