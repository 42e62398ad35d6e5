// Kernel reduced from hashicorp/consul#3230 "Deadlock in consul server between leadership reconcile channel and
// barrier write" (2017). Consul's leader loop issues a raft barrier and waits for its result; raft's leader loop,
// on losing leadership (a disk write error), first notifies the leadership channel — a blocking send that only
// the consul goroutine reads — and only then fails the pending barrier. Each waits for the other.
// Fix: the leadership notification never blocks the raft loop (a one-slot channel whose latest value wins).
package bad

import (
	"errors"
	"time"
)

var ErrNotLeader = errors.New("node is not the leader")

type future struct{ errCh chan error }

func (f *future) Error() error { return <-f.errCh } // BLOCKS: chan-recv

type raft struct {
	leaderCh chan bool
	applyCh  chan *future
	diskErr  chan struct{}
}

func (r *raft) Barrier() *future {
	f := &future{errCh: make(chan error, 1)}
	r.applyCh <- f
	return f
}

func (r *raft) runLeader() {
	var inflight []*future
	for {
		select {
		case f := <-r.applyCh:
			inflight = append(inflight, f) // committed once a quorum has written it
		case <-r.diskErr:
			r.leaderCh <- false // BLOCKS: chan-send
			for _, f := range inflight {
				f.errCh <- ErrNotLeader
			}
			return
		}
	}
}

type Server struct {
	raft       *raft
	shutdownCh chan struct{}
}

func (s *Server) monitorLeadership() {
	for {
		select {
		case isLeader := <-s.raft.leaderCh:
			if isLeader {
				s.leaderLoop()
			}
		case <-s.shutdownCh:
			return
		}
	}
}

func (s *Server) leaderLoop() {
	barrier := s.raft.Barrier()
	if err := barrier.Error(); err != nil {
		return
	}
}

func Run() {
	r := &raft{leaderCh: make(chan bool), applyCh: make(chan *future), diskErr: make(chan struct{})}
	s := &Server{raft: r, shutdownCh: make(chan struct{})}
	go r.runLeader()
	go s.monitorLeadership()
	r.leaderCh <- true // elected
	time.Sleep(10 * time.Millisecond)
	close(r.diskErr) // the disk fills up
	time.Sleep(30 * time.Millisecond)
	close(s.shutdownCh)
}
