package bad

import "sync"

// Two loops leave on the stop channel, and Stop sends one value: one loop leaves, the other waits forever.
type Pipeline struct {
	stop chan struct{}
	in   chan int
	out  chan int
	mu   sync.Mutex
	sum  int
}

func (p *Pipeline) forward() {
	for {
		select { // want GG002
		case v := <-p.in:
			p.out <- v
		case <-p.stop:
			return
		}
	}
}

func (p *Pipeline) collect() {
	for {
		select { // want GG002
		case v := <-p.out:
			p.mu.Lock()
			p.sum += v
			p.mu.Unlock()
		case <-p.stop:
			return
		}
	}
}

func Start() *Pipeline {
	p := &Pipeline{stop: make(chan struct{}), in: make(chan int), out: make(chan int)}
	go p.forward()
	go p.collect()
	return p
}

func (p *Pipeline) Stop() { p.stop <- struct{}{} }

func (p *Pipeline) Add(v int) { p.in <- v }
