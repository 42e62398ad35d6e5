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

// Snapshot read-locks its own local RWMutex twice, then write-locks it: each call has its own mutex and only
// this goroutine ever locks it, so no writer can wait between the two RLocks.
func Snapshot(rounds int) int {
	var state struct {
		sync.RWMutex
		n int
	}
	total := 0
	for i := 0; i < rounds; i++ {
		state.RLock()
		state.RLock()
		total += state.n
		state.RUnlock()
		state.RUnlock()
		state.Lock()
		state.n++
		state.Unlock()
	}
	return total
}
