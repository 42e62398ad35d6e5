// Package handoff hands a job to a worker that may leave with its context. Taken counts jobs a worker really
// took: it moves only once the unbuffered send completes, so buffering the channel would count jobs nobody took.
package handoff

import (
	"context"
	"sync/atomic"
)

var taken atomic.Int32

// Taken is how many jobs a worker received.
func Taken() int32 { return taken.Load() }

// Give produces a job and hands it over unless ctx ends first.
func Give(ctx context.Context, produce func() string) (string, bool) {
	jobs := make(chan string)
	go func() {
		jobs <- produce()
		taken.Add(1)
	}()
	select {
	case j := <-jobs:
		return j, true
	case <-ctx.Done():
		return "", false
	}
}
