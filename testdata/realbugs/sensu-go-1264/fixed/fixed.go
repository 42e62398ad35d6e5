// Kernel reduced from sensu/sensu-go#1264 "Deadlock in the monitor" (fixed by PR #1265, 2018).
// Monitor.reset acquires the monitor mutex and then sends on resetChan; the monitor loop, the only receiver,
// may at that moment be in another select case trying to take the same mutex. Neither can move.
// Fix (#1265): give resetChan a buffer so the send under the lock never waits for the loop.
package fixed

import (
	"sync"
	"time"
)

type Monitor struct {
	mu        sync.Mutex
	failures  int
	resetChan chan struct{}
	stop      chan struct{}
}

func NewMonitor() *Monitor {
	return &Monitor{resetChan: make(chan struct{}, 1), stop: make(chan struct{})}
}

func (m *Monitor) loop() {
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-m.resetChan:
			// the timer is restarted
		case <-ticker.C:
			m.mu.Lock()
			m.failures++
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *Monitor) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures = 0
	time.Sleep(20 * time.Millisecond) // the ticker fires meanwhile: the loop now waits for mu
	m.resetChan <- struct{}{}
}

func Run() {
	m := NewMonitor()
	go m.loop()
	m.reset()
	close(m.stop)
}
