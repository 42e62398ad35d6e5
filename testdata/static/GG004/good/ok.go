package good

import (
	"context"
	"time"
)

func poll() {}

func Poll(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			poll()
		}
	}
}

// Handed to the caller, who stops it.
func Start() *time.Ticker {
	t := time.NewTicker(time.Second)
	return t
}

// A range with an exit.
func Until(deadline time.Time) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for now := range t.C {
		if now.After(deadline) {
			return
		}
	}
}
