package good

import (
	"sync"
	"sync/atomic"
	"time"
)

// TickPool is ants' pool reduced (ants.go purgeStaleWorkers / retrieveWorker, worker.go's addRunning(-1) +
// Signal): Put frees a slot and signals without the Cond's lock, so its wake-up can land before a Get reaches
// Wait, but a purge goroutine broadcasts again on every tick while anyone waits — a missed wake-up is re-sent,
// not lost.
type TickPool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	idle    atomic.Int32
	waiting atomic.Int32
	stop    chan struct{}
}

func NewTickPool(idle int, every time.Duration) *TickPool {
	p := &TickPool{stop: make(chan struct{})}
	p.idle.Store(int32(idle))
	p.cond = sync.NewCond(&p.mu)
	go p.purge(every)
	return p
}

// Get takes an idle slot, waiting for a Put when there is none.
func (p *TickPool) Get() {
	p.mu.Lock()
	if p.idle.Load() == 0 {
		p.waiting.Add(1)
		p.cond.Wait()
		p.waiting.Add(-1)
	}
	p.idle.Add(-1)
	p.mu.Unlock()
}

// Put returns a slot and wakes one waiter.
func (p *TickPool) Put() {
	p.idle.Add(1)
	p.cond.Signal()
}

func (p *TickPool) purge(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
		if p.waiting.Load() > 0 {
			p.cond.Broadcast()
		}
	}
}

// Close stops the purge goroutine.
func (p *TickPool) Close() { close(p.stop) }
