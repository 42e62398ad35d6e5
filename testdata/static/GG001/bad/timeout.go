package bad

import (
	"context"
	"errors"
	"time"
)

type result struct{ n int }

func compute() result { return result{n: 42} }

// The classic: the caller gives up on ctx, the worker's send has nobody left to receive it.
func FetchCtx(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- compute() // want GG001
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// Same with a timer.
func FetchTimeout() (result, error) {
	ch := make(chan result, 0)
	go func() { ch <- compute() }() // want GG001
	select {
	case r := <-ch:
		return r, nil
	case <-time.After(time.Second):
		return result{}, errors.New("timeout")
	}
}

// A receive loop whose other case returns.
func Poll(ctx context.Context, tick <-chan time.Time) int {
	done := make(chan int)
	go func() {
		done <- compute().n // want GG001
	}()
	for {
		select {
		case n := <-done:
			return n
		case <-tick:
			continue
		case <-ctx.Done():
			return -1
		}
	}
}
