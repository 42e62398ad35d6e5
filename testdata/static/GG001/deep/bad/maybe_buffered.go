// Package bad holds GG001 cases only the deep engine sees: the channel's buffering depends on the path.
package bad

import (
	"context"
	"time"
)

func slow() int {
	time.Sleep(10 * time.Millisecond)
	return 1
}

// The channel is buffered on one path only; on the other, the send blocks forever once ctx is done.
func FetchMaybe(ctx context.Context, buffered bool) (int, error) {
	ch := make(chan int)
	if buffered {
		ch = make(chan int, 1)
	}
	go func() {
		ch <- slow() // want GG001
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
