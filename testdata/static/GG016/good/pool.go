package good

import "sync"

// tracked keeps every channel a Pool makes, whatever its type: the alias classes merge them all.
var (
	trackMu sync.Mutex
	tracked []any
)

func track(x any) {
	trackMu.Lock()
	tracked = append(tracked, x)
	trackMu.Unlock()
}

// Pool hands a freed slot to a waiter with a send under its lock, on the waiter's own channel of capacity 1:
// the send never waits. (Some other channel the pool tracks is unbuffered; it is of another type.)
type Pool struct {
	mu      sync.Mutex
	free    int
	waiters []chan int
	events  chan string
}

func NewPool() *Pool {
	p := &Pool{events: make(chan string)}
	track(p.events)
	return p
}

func (p *Pool) Get() int {
	p.mu.Lock()
	if p.free > 0 {
		p.free--
		p.mu.Unlock()
		return 1
	}
	req := make(chan int, 1)
	track(req)
	p.waiters = append(p.waiters, req)
	p.mu.Unlock()
	return <-req
}

func (p *Pool) Put() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiters) > 0 {
		req := p.waiters[0]
		p.waiters = p.waiters[1:]
		req <- 1
		return
	}
	p.free++
}
