// Fixed version of googlearchive/compute-user-accounts PR #16: the push under the read lock never blocks.
package fixed

import (
	"sync"
	"time"
)

type store struct {
	mu            sync.RWMutex
	groups        map[string]int
	updateWaiters chan chan struct{}
	stop          chan struct{}
}

func (s *store) updateLoop() {
	for {
		s.mu.Lock()
		s.groups["admins"] = 1000
		s.mu.Unlock()
		select {
		case w := <-s.updateWaiters:
			close(w)
		case <-time.After(time.Millisecond):
		case <-s.stop:
			return
		}
	}
}

func (s *store) GroupByName(name string) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if gid, ok := s.groups[name]; ok {
		return gid, true
	}
	time.Sleep(20 * time.Millisecond)
	select {
	case s.updateWaiters <- make(chan struct{}):
	default:
	}
	return 0, false
}

func Run() {
	s := &store{groups: map[string]int{}, updateWaiters: make(chan chan struct{}), stop: make(chan struct{})}
	go s.updateLoop()
	_, _ = s.GroupByName("developers")
	close(s.stop)
}
