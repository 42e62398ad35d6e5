// Package ticker beats on a ticker forever: `range t.C` never ends (Stop does not close the channel).
package ticker

import (
	"context"
	"time"
)

// Heartbeat calls beat every interval until ctx ends.
func Heartbeat(ctx context.Context, every time.Duration, beat func()) {
	go func() {
		t := time.NewTicker(every)
		for range t.C {
			beat()
		}
	}()
}
