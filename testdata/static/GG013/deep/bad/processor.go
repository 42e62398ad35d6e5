// Package bad holds a GG013 case only the deep engine sees: the nil channel comes from another function.
package bad

import (
	"sync"
	"time"
)

// Close clears the done channel while the loop may still read it: a loop that re-reads it afterwards selects on
// a nil channel, its only exit never fires, and Close's Wait never returns.
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
		case <-p.doneCh(): // want GG013
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
	p.done = nil
	p.mu.Unlock()
	p.wg.Wait()
}
