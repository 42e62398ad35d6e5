package hub

import (
	"runtime"
	"testing"
	"time"
)

// TestPublishWhileDraining starts Drain once Publish holds the lock (or after 100 ms, when it never is seen held),
// the order in which the two meet in production.
func TestPublishWhileDraining(t *testing.T) {
	h := NewHub()
	go h.Publish("a")
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); runtime.Gosched() {
		if !h.mu.TryLock() {
			break
		}
		h.mu.Unlock()
	}
	drained := make(chan int, 1)
	go func() { drained <- h.Drain(1) }()
	select {
	case n := <-drained:
		if n != 1 {
			t.Fatalf("drained %d events, want 1", n)
		}
	case <-time.After(300 * time.Millisecond):
		t.Error("Drain did not get the event")
	}
}
