// Fixed version of marnixbouhuis/coda PR #4: Go waits for readiness or for the function to return.
package fixed

import (
	"context"
	"errors"
	"sync"
)

type GroupFunc func(ctx context.Context, ready func()) error

type Group struct {
	ctx  context.Context
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []error
}

func (g *Group) Go(fn GroupFunc, withBlock bool) {
	readyCh := make(chan struct{})
	exited := make(chan struct{})
	var once sync.Once
	ready := func() { once.Do(func() { close(readyCh) }) }
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer close(exited)
		if err := fn(g.ctx, ready); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	}()
	if withBlock {
		select {
		case <-readyCh:
		case <-exited:
		}
	}
}

func Run() {
	g := &Group{ctx: context.Background()}
	g.Go(func(ctx context.Context, ready func()) error {
		return errors.New("listen tcp 127.0.0.1:80: bind: permission denied")
	}, true)
	g.wg.Wait()
}
