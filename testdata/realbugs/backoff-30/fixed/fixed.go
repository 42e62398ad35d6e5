// Fixed version of lestrrat-go/backoff PR #30: the controller gives up the send when the context is done.
package fixed

import (
	"context"
	"time"
)

type controller struct {
	ctx      context.Context
	interval time.Duration
	next     chan struct{}
}

func newController(ctx context.Context, interval time.Duration) *controller {
	c := &controller{ctx: ctx, interval: interval, next: make(chan struct{})}
	go c.run()
	return c
}

func (c *controller) run() {
	defer close(c.next)
	t := time.NewTimer(c.interval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		select {
		case c.next <- struct{}{}:
		case <-c.ctx.Done():
			return
		}
		t.Reset(c.interval)
	}
}

func (c *controller) Next() <-chan struct{} { return c.next }

func retry(ctx context.Context, op func() error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := newController(ctx, 2*time.Millisecond)
	for {
		err := op()
		if err == nil || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-b.Next():
		}
	}
}

func Run() {
	_ = retry(context.Background(), func() error {
		time.Sleep(5 * time.Millisecond) // the timer fires while the operation runs
		return nil
	})
	time.Sleep(10 * time.Millisecond)
}
