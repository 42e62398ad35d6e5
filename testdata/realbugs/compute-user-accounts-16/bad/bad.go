// Kernel reduced from googlearchive/compute-user-accounts PR #16 "Fix deadlock." (2015). GroupByName holds the
// cache's read lock while it pushes onto the updateWaiters channel; that channel is serviced only by the update
// goroutine, which may at that moment be waiting for the write lock to refresh the cache.
// Fix: do not block on the channel push (a non-blocking send; the refresh is already due).
package bad

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
		s.mu.Lock() // BLOCKS: rwmutex
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
	time.Sleep(20 * time.Millisecond)      // the update loop comes round to Lock meanwhile
	s.updateWaiters <- make(chan struct{}) // BLOCKS: chan-send
	return 0, false
}

func Run() {
	s := &store{groups: map[string]int{}, updateWaiters: make(chan chan struct{}), stop: make(chan struct{})}
	go s.updateLoop()
	_, _ = s.GroupByName("developers")
	close(s.stop)
}
