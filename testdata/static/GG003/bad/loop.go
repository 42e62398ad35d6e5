package bad

import (
	"context"
	"time"
)

type cache struct{ items map[string]int }

// break leaves only the select.
func (c *cache) janitor(ctx context.Context, t *time.Ticker) {
	for { // want GG003
		select {
		case <-ctx.Done():
			break
		case <-t.C:
			c.items = map[string]int{}
		}
	}
}

// The done case logs and keeps looping.
func Run(ctx context.Context, in <-chan int, log func(string)) {
	go func() {
		for { // want GG003
			select {
			case v := <-in:
				_ = v
			case <-ctx.Done():
				log("cancelled")
			}
		}
	}()
}
