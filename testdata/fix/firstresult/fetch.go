// Package firstresult fetches with a deadline; on timeout the fetching goroutine is left sending.
package firstresult

import (
	"context"
	"time"
)

func slowLookup(key string, d time.Duration) string {
	time.Sleep(d)
	return "value of " + key
}

// Lookup returns the value, or ctx.Err() when ctx ends first.
func Lookup(ctx context.Context, key string, d time.Duration) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- slowLookup(key, d)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
