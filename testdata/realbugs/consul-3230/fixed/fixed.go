// Fixed version of hashicorp/consul#3230: raft overrides a one-slot leadership channel instead of blocking on it.
package fixed

import (
	"errors"
	"time"
)

var ErrNotLeader = errors.New("node is not the leader")

type future struct{ errCh chan error }

func (f *future) Error() error { return <-f.errCh }

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
			overrideNotifyBool(r.leaderCh, false)
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
	r := &raft{leaderCh: make(chan bool, 1), applyCh: make(chan *future), diskErr: make(chan struct{})}
	s := &Server{raft: r, shutdownCh: make(chan struct{})}
	go r.runLeader()
	go s.monitorLeadership()
	r.leaderCh <- true // elected
	time.Sleep(10 * time.Millisecond)
	close(r.diskErr) // the disk fills up
	time.Sleep(30 * time.Millisecond)
	close(s.shutdownCh)
}

// overrideNotifyBool puts v in the one-slot channel ch, replacing a value nobody has read yet.
func overrideNotifyBool(ch chan bool, v bool) {
	select {
	case ch <- v:
	case <-ch:
		select {
		case ch <- v:
		default:
		}
	}
}
