// Fixed version of etcd-io/etcd PR #10492: Renew decides under le.mu and proposes the checkpoint after
// releasing it.
package fixed

import (
	"sync"
	"time"
)

type request struct {
	id, ttl int64
	done    chan error
}

type server struct {
	proposals chan request
	stopping  chan struct{}
	le        *lessor
}

// applyLoop applies committed raft entries one by one.
func (s *server) applyLoop() {
	for {
		select {
		case r := <-s.proposals:
			s.le.Checkpoint(r.id, r.ttl)
			r.done <- nil
		case <-s.stopping:
			return
		}
	}
}

// LeaseCheckpoint proposes a checkpoint through raft and waits until it is applied.
func (s *server) LeaseCheckpoint(id, ttl int64) error {
	r := request{id: id, ttl: ttl, done: make(chan error, 1)}
	s.proposals <- r
	select {
	case err := <-r.done:
		return err
	case <-s.stopping:
		return nil
	}
}

type lessor struct {
	mu        sync.RWMutex
	remaining map[int64]int64
	cp        func(id, ttl int64) error
}

func (le *lessor) Checkpoint(id, ttl int64) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.remaining[id] = ttl
}

func (le *lessor) Renew(id int64) int64 {
	le.mu.RLock()
	needCheckpoint := le.remaining[id] > 0
	le.mu.RUnlock()
	if needCheckpoint {
		_ = le.cp(id, 0)
	}
	return 10
}

func Run() {
	le := &lessor{remaining: map[int64]int64{7: 3}}
	s := &server{proposals: make(chan request), stopping: make(chan struct{}), le: le}
	le.cp = s.LeaseCheckpoint
	go s.applyLoop()
	_ = le.Renew(7)
	time.Sleep(10 * time.Millisecond)
	close(s.stopping)
}
