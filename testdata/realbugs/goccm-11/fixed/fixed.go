// Fixed version of zenthangplus/goccm#11: WaitAllDone does not wait when nothing runs, and the controller has a
// way to stop.
package fixed

import "sync/atomic"

type concurrencyManager struct {
	max          int
	managerCh    chan struct{}
	doneCh       chan struct{}
	allDoneCh    chan struct{}
	quit         chan struct{}
	closed       atomic.Bool
	runningCount atomic.Int32
}

func New(max int) *concurrencyManager {
	c := &concurrencyManager{
		max:       max,
		managerCh: make(chan struct{}, max),
		doneCh:    make(chan struct{}),
		allDoneCh: make(chan struct{}),
		quit:      make(chan struct{}),
	}
	for i := 0; i < max; i++ {
		c.managerCh <- struct{}{}
	}
	go c.controller()
	return c
}

func (c *concurrencyManager) controller() {
	for {
		select {
		case <-c.doneCh:
		case <-c.quit:
			return
		}
		c.managerCh <- struct{}{}
		if c.closed.Load() && c.runningCount.Load() == 0 {
			c.allDoneCh <- struct{}{}
			return
		}
	}
}

func (c *concurrencyManager) Wait() {
	<-c.managerCh
	c.runningCount.Add(1)
}

func (c *concurrencyManager) Done() {
	c.runningCount.Add(-1)
	c.doneCh <- struct{}{}
}

func (c *concurrencyManager) WaitAllDone() {
	c.closed.Store(true)
	if c.runningCount.Load() == 0 {
		close(c.quit)
		return
	}
	<-c.allDoneCh
}

func Run() {
	threads := New(16)
	threads.WaitAllDone()
}
