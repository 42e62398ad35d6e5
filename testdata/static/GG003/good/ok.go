package good

import (
	"context"
	"time"
)

type cache struct{ items map[string]int }

func (c *cache) janitor(ctx context.Context, t *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.items = map[string]int{}
		}
	}
}

// A labeled break leaves the loop.
func Drain(in <-chan int, quit <-chan struct{}) int {
	n := 0
loop:
	for {
		select {
		case <-in:
			n++
		case <-quit:
			break loop
		}
	}
	return n
}

// A closed input ends the loop.
func Forward(in <-chan int, out chan<- int) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return
			}
			out <- v
		}
	}
}

func serve(in <-chan int) {
	for {
		select {
		case <-in:
		}
	}
}

// A process-lifetime goroutine started from init is by design.
func init() {
	go serve(make(chan int))
}
