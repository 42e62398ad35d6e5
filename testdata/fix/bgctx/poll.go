// Package bgctx polls in the background with a context that ignores the caller's.
package bgctx

import (
	"context"
	"time"
)

// Poll calls check every interval until the caller's ctx ends.
func Poll(ctx context.Context, interval time.Duration, check func()) {
	go func() {
		loop(context.Background(), interval, check)
	}()
}

func loop(ctx context.Context, interval time.Duration, check func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}
