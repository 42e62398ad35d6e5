// Fixed version of neilotoole/errgroup#6: Wait waits for the goroutines without holding the mutex.
package fixed

import (
	"sync"
	"time"
)

type Group struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	err     error
	workers int
}

func (g *Group) Go(f func() error) {
	g.mu.Lock()
	g.workers++
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

func Run() {
	g := &Group{}
	work := make(chan int, 1)
	g.Go(func() error { // goroutine A: receives work and starts workers
		for range work {
			g.Go(func() error { return nil })
		}
		return nil
	})
	go func() {
		time.Sleep(10 * time.Millisecond) // work arrives while the program shuts down
		work <- 1
		close(work)
	}()
	_ = g.Wait()
}
