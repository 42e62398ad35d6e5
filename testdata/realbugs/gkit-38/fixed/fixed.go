// Fixed version of songzhibin97/gkit PR #38: a rejected task releases its WaitGroup slot.
package fixed

import (
	"context"
	"sync"
)

type Group struct {
	ctx   context.Context
	wg    sync.WaitGroup
	ch    chan func(ctx context.Context) error
	mu    sync.Mutex
	errs  []error
	close chan struct{}
}

func NewGroup(ctx context.Context, workers, queue int) *Group {
	g := &Group{ctx: ctx, ch: make(chan func(ctx context.Context) error, queue), close: make(chan struct{})}
	for i := 0; i < workers; i++ {
		go g.worker()
	}
	return g
}

func (g *Group) worker() {
	for {
		select {
		case f := <-g.ch:
			if err := f(g.ctx); err != nil {
				g.mu.Lock()
				g.errs = append(g.errs, err)
				g.mu.Unlock()
			}
			g.wg.Done()
		case <-g.close:
			return
		}
	}
}

func (g *Group) AddTask(f func(ctx context.Context) error) bool {
	g.wg.Add(1)
	select {
	case g.ch <- f:
		return true
	default:
		g.wg.Done()
		return false // queue full
	}
}

func (g *Group) Wait() {
	g.wg.Wait()
	close(g.close)
}

func Run() {
	g := NewGroup(context.Background(), 0, 1) // workers start later, the queue holds one task
	block := func(ctx context.Context) error { return nil }
	g.AddTask(block)
	g.AddTask(block) // rejected: queue full
	go g.worker()
	g.Wait()
}
