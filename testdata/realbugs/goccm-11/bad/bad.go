// Kernel reduced from zenthangplus/goccm#11 "Deadlock with no coroutines started when calling goccm.WaitAllDone()"
// (2023). The concurrency manager's controller goroutine only looks at the done channel; WaitAllDone marks the
// manager closed and waits for the controller to report "all done", which it only does after some goroutine
// calls Done. With nothing started, both goroutines wait on channels nobody will use.
// Fix: WaitAllDone returns at once when nothing is running, and stops the controller.
package bad

import "sync/atomic"

type concurrencyManager struct {
	max          int
	managerCh    chan struct{}
	doneCh       chan struct{}
	allDoneCh    chan struct{}
	closed       atomic.Bool
	runningCount atomic.Int32
}

func New(max int) *concurrencyManager {
	c := &concurrencyManager{
		max:       max,
		managerCh: make(chan struct{}, max),
		doneCh:    make(chan struct{}),
		allDoneCh: make(chan struct{}),
	}
	for i := 0; i < max; i++ {
		c.managerCh <- struct{}{}
	}
	go c.controller()
	return c
}

func (c *concurrencyManager) controller() {
	for {
		<-c.doneCh // BLOCKS: chan-recv
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
	<-c.allDoneCh // BLOCKS: chan-recv
}

func Run() {
	threads := New(16)
	threads.WaitAllDone()
}
