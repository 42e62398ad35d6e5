// Kernel reduced from juicedata/juicefs PR #3782 "sync: wait() may miss signal then cause deadlock" (2023).
// A channel-based condition: the waiter checks `ready` under the lock, unlocks, then receives on the signal
// channel; the notifier sets `ready` and signals with a non-blocking send. If the notifier runs between the
// waiter's Unlock and its receive, the signal is dropped and the waiter blocks forever:
//
//	G1: ready is false; Unlock            G2: Lock; ready = true; select { case ch <- x: default: }
//	G1: <-ch (deadlock)
//
// Fix: always wait with a timeout and re-check the state (WaitWithTimeout).
package bad

import (
	"sync"
	"time"
)

type cond struct {
	L      sync.Mutex
	signal chan struct{}
}

func newCond() *cond { return &cond{signal: make(chan struct{})} }

func (c *cond) Signal() {
	select {
	case c.signal <- struct{}{}:
	default:
	}
}

// Wait must be called with L held; it returns with L held.
func (c *cond) Wait() {
	c.L.Unlock()
	time.Sleep(10 * time.Millisecond) // the notifier runs here
	<-c.signal                        // BLOCKS: chan-recv
	c.L.Lock()
}

type slice struct {
	c     *cond
	ready bool
}

func (s *slice) waitReady() {
	s.c.L.Lock()
	for !s.ready {
		s.c.Wait()
	}
	s.c.L.Unlock()
}

func (s *slice) finish() {
	s.c.L.Lock()
	s.ready = true
	s.c.Signal()
	s.c.L.Unlock()
}

func Run() {
	s := &slice{c: newCond()}
	go func() {
		time.Sleep(5 * time.Millisecond)
		s.finish()
	}()
	s.waitReady()
}
