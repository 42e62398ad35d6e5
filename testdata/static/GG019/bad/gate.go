package bad

import (
	"sync"
	"time"
)

// Gate checks its flag under the lock, but lets the lock go before it waits: Open can set the flag and broadcast
// in between, and the wake-up is lost.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
	// OnCheck runs between the check and the wait (a log line in the original).
	OnCheck func()
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Wait() {
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	if !open {
		if g.OnCheck != nil {
			g.OnCheck()
		}
		g.mu.Lock()
		g.cond.Wait() // want GG019
		g.mu.Unlock()
	}
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.cond.Broadcast()
	g.mu.Unlock()
}

// Notify sleeps before it signals, but on the real clock, which orders nothing: the waiter's setup can take
// longer than the sleep, and the Signal is lost (outside a synctest bubble).
func Notify(setup func()) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	go func() {
		time.Sleep(time.Millisecond)
		mu.Lock()
		cond.Signal()
		mu.Unlock()
	}()
	setup()
	mu.Lock()
	cond.Wait() // want GG019
	mu.Unlock()
}
