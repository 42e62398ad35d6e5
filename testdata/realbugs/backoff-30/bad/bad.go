// Kernel reduced from lestrrat-go/backoff PR #30 "fix goroutine leaks" (2021): "Fixed a possible block in sending
// to the next channel when context is cancelled." A backoff controller goroutine waits for the next interval and
// then fires on the unbuffered `next` channel; the caller that stopped retrying (its context was cancelled)
// never receives again, so the controller blocks on that send forever.
// Fix: the send selects on the context as well.
package bad

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
		c.next <- struct{}{} // BLOCKS: chan-send
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
