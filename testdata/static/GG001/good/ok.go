package good

import (
	"context"
	"time"
)

type result struct{ n int }

func compute() result { return result{n: 1} }

// A buffer of one lets the sender finish even when nobody receives.
func Buffered(ctx context.Context) (result, error) {
	ch := make(chan result, 1)
	go func() { ch <- compute() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// The sender gives up with the caller.
func CtxAwareSend(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// The receiver always receives.
func Always() result {
	ch := make(chan result)
	go func() { ch <- compute() }()
	return <-ch
}

// The timeout case still drains the value.
func Drains(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- nil }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		<-errc
		return ctx.Err()
	}
}

// The loop's other case does not leave: the value is received eventually.
func Ticks(t <-chan time.Time) result {
	ch := make(chan result)
	go func() { ch <- compute() }()
	for {
		select {
		case r := <-ch:
			return r
		case <-t:
		}
	}
}

// Returned to the caller: who receives is the caller's business.
func Async() <-chan result {
	ch := make(chan result)
	go func() { ch <- compute() }()
	return ch
}

type worker struct{ out chan result }

// Stored in a struct: receivers live elsewhere.
func Start() *worker {
	w := &worker{}
	ch := make(chan result)
	w.out = ch
	go func() { ch <- compute() }()
	return w
}

// Early return happens before the goroutine starts.
func EarlyBefore(ok bool) result {
	if !ok {
		return result{}
	}
	ch := make(chan result)
	go func() { ch <- compute() }()
	return <-ch
}

// Suppressed on the line: the receiver is known to wait elsewhere.
func Suppressed(ctx context.Context) {
	ch := make(chan int)
	go func() {
		ch <- 1 //goroutine-guard:ignore GG001 drained by the shutdown hook
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// A request/reply channel sent to a server goroutine escapes.
func Ask(reqs chan<- chan int) int {
	reply := make(chan int)
	reqs <- reply
	go func() { reply <- 0 }()
	return <-reply
}

var _ = time.Second
