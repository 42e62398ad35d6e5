// Kernel reduced from neilotoole/errgroup#6 "Deadlock when calling Wait and Go from different goroutines" (2021).
// Group.Wait takes the group's mutex and then waits on the WaitGroup while holding it; a goroutine already in the
// group (a dispatcher) calls Go to start a worker, and Go needs the same mutex. Wait waits for the dispatcher,
// the dispatcher waits for Wait's mutex.
// Fix: Wait does not hold the mutex while it waits for the goroutines.
package bad

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
	g.mu.Lock() // BLOCKS: mutex
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
	g.mu.Lock()
	defer g.mu.Unlock()
	g.wg.Wait() // BLOCKS: waitgroup
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
