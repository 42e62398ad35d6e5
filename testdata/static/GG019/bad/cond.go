package bad

import "sync"

// Barrier waits without checking a condition: a Release that came first is lost.
type Barrier struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
}

func NewBarrier() *Barrier {
	b := &Barrier{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Barrier) Wait() {
	b.mu.Lock()
	b.cond.Wait() // want GG019
	b.mu.Unlock()
}

func (b *Barrier) Release() {
	b.mu.Lock()
	b.done = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Pool's put forgets to signal: nothing ever wakes a waiting get.
type Pool struct {
	mu    sync.Mutex
	avail *sync.Cond
	free  int
}

func NewPool() *Pool {
	p := &Pool{}
	p.avail = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() {
	p.mu.Lock()
	for p.free == 0 {
		p.avail.Wait() // want GG019
	}
	p.free--
	p.mu.Unlock()
}

func (p *Pool) Put() {
	p.mu.Lock()
	p.free++
	p.mu.Unlock()
}
