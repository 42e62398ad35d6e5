// Kernel reduced from go-co-op/gocron#837 "[BUG] - Goroutine leaks when shutdown" (2025): "s.exec.stopCh has
// multiple receivers, but only sends the signal once, causing the receiver that doesn't get the signal to block
// permanently." The executor's run loop and its limit-mode runner both wait for the stop signal; shutdown sends a
// single value, so one of them never sees it.
// Fix: stop by closing the channel, which every receiver observes.
package bad

import (
	"sync"
	"time"
)

type executor struct {
	stopCh   chan struct{}
	jobsIn   chan string
	limitCh  chan string
	mu       sync.Mutex
	executed []string
}

func (e *executor) limitModeRunner() {
	for {
		select { // BLOCKS: select
		case id := <-e.limitCh:
			time.Sleep(10 * time.Millisecond) // the job runs while the scheduler shuts down
			e.mu.Lock()
			e.executed = append(e.executed, id)
			e.mu.Unlock()
		case <-e.stopCh:
			return
		}
	}
}

func (e *executor) start() {
	go e.limitModeRunner()
	for {
		select {
		case id := <-e.jobsIn:
			e.limitCh <- id
		case <-e.stopCh:
			return
		}
	}
}

type scheduler struct{ exec *executor }

func (s *scheduler) stopScheduler() {
	s.exec.stopCh <- struct{}{}
}

func Run() {
	s := &scheduler{exec: &executor{stopCh: make(chan struct{}), jobsIn: make(chan string), limitCh: make(chan string)}}
	go s.exec.start()
	s.exec.jobsIn <- "job-1"
	time.Sleep(5 * time.Millisecond)
	s.stopScheduler()
}
