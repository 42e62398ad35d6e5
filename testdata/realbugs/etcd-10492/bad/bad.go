// Kernel reduced from etcd-io/etcd PR #10492 "lease: fix deadlock with Renew lease when the checkpointor is set"
// (2019). Renew of a lease with a remaining-TTL checkpoint writes a checkpoint entry to raft and waits for it to
// be applied, all while holding le.mu; applying the entry calls lessor.Checkpoint, which needs le.mu. The renew
// waits (until its timeout) and every other lessor operation queues behind it.
// Fix: release le.mu before proposing the checkpoint and waiting for it.
package bad

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
	select { // BLOCKS: select
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
	le.mu.Lock() // BLOCKS: mutex
	defer le.mu.Unlock()
	le.remaining[id] = ttl
}

func (le *lessor) Renew(id int64) int64 {
	le.mu.Lock()
	defer le.mu.Unlock()
	if le.remaining[id] > 0 {
		_ = le.cp(id, 0) // clear the remaining TTL: checkpoint through raft
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
