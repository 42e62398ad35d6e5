// Kernel reduced from marnixbouhuis/coda PR #4 "fix: deadlock on withblock if goroutine crashes before readiness
// is signaled" (2026). Group.Go with WithBlock starts the function in a goroutine and blocks until it calls
// ready(); a function that fails before signalling readiness returns, and Go waits on the ready channel forever.
// Fix: Go also stops waiting when the function has returned.
package bad

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
	var once sync.Once
	ready := func() { once.Do(func() { close(readyCh) }) }
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(g.ctx, ready); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	}()
	if withBlock {
		<-readyCh // BLOCKS: chan-recv
	}
}

func Run() {
	g := &Group{ctx: context.Background()}
	g.Go(func(ctx context.Context, ready func()) error {
		return errors.New("listen tcp 127.0.0.1:80: bind: permission denied") // fails before ready()
	}, true)
	g.wg.Wait()
}
