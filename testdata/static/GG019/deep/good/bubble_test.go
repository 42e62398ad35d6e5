package good

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// internal/synctest's TestCond reduced: in a bubble, time.Sleep runs on the fake clock, which moves only once
// every goroutine of the bubble is durably blocked — the waiter inside Wait — so the Signal after the sleep and
// the Broadcast after synctest.Wait come after the Waits (not in a loop).
func TestCondInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			time.Sleep(time.Millisecond)
			mu.Lock()
			cond.Signal()
			mu.Unlock()
			synctest.Wait()
			mu.Lock()
			cond.Broadcast()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait()
		mu.Unlock()
		woken := make(chan bool, 1)
		go func() {
			mu.Lock()
			cond.Wait()
			mu.Unlock()
			woken <- true
		}()
		if !<-woken {
			t.Fatal("not woken")
		}
	})
}
