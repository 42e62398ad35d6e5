package bad

import "context"

// A producer on an unbuffered channel; the consumer can stop early.
func FirstNegative(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // want GG001
		}
	}()
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

// The send happens in a same-package function started with go.
func produce(ch chan<- string, s string) {
	ch <- s // want GG001
}

func Quote(ctx context.Context, s string) string {
	ch := make(chan string)
	go produce(ch, s)
	select {
	case q := <-ch:
		return q
	case <-ctx.Done():
		return ""
	}
}
