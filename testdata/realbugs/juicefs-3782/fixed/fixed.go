// Fixed version of juicedata/juicefs PR #3782: the waiter waits with a timeout and re-checks the state.
package fixed

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
	select {
	case <-c.signal:
	case <-time.After(50 * time.Millisecond):
	}
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
