package good

import (
	"sync"
	"time"
)

// Close clears the done channel only after the loop has finished.
type Processor struct {
	mu   sync.Mutex
	done chan struct{}
	reqs chan string
	wg   sync.WaitGroup
	n    int
}

func (p *Processor) doneCh() chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

func (p *Processor) run() {
	defer p.wg.Done()
	for {
		time.Sleep(5 * time.Millisecond) // flushing the previous batch
		select {
		case <-p.doneCh():
			return
		case r := <-p.reqs:
			p.n += len(r)
		}
	}
}

func (p *Processor) Open() {
	p.done = make(chan struct{})
	p.reqs = make(chan string)
	p.wg.Add(1)
	go p.run()
}

func (p *Processor) Close() {
	p.mu.Lock()
	close(p.done)
	p.mu.Unlock()
	p.wg.Wait()
	p.mu.Lock()
	p.done = nil
	p.mu.Unlock()
}

// A loop that disables its own case with nil is the usual idiom, not a leak.
func Merge(a, b <-chan int) int {
	sum := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sum += v
		}
	}
	return sum
}
