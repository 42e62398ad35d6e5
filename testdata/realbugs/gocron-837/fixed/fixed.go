// Fixed version of go-co-op/gocron#837: Shutdown closes stopCh, so every receiver stops.
package fixed

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
		select {
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
	close(s.exec.stopCh)
}

func Run() {
	s := &scheduler{exec: &executor{stopCh: make(chan struct{}), jobsIn: make(chan string), limitCh: make(chan string)}}
	go s.exec.start()
	s.exec.jobsIn <- "job-1"
	time.Sleep(5 * time.Millisecond)
	s.stopScheduler()
}
