package good

import "sync"

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
	for !b.done {
		b.cond.Wait()
	}
	b.mu.Unlock()
}

func (b *Barrier) Release() {
	b.mu.Lock()
	b.done = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

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
		p.avail.Wait()
	}
	p.free--
	p.mu.Unlock()
}

func (p *Pool) Put() {
	p.mu.Lock()
	p.free++
	p.mu.Unlock()
	p.avail.Signal()
}
