// Package bad holds a GG019 case that needs Go 1.25 (testing/synctest).
package bad

import (
	"sync"
	"testing"
	"testing/synctest"
)

// SignalFirst runs in a bubble, but its signaller does not sleep or wait for the bubble first: it can signal
// before the waiter is in Wait, and the Signal is lost (synctest then reports the bubble deadlocked).
func SignalFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			mu.Lock()
			cond.Signal()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait() // want GG019
		mu.Unlock()
	})
}
