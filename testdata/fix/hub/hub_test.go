package hub

import (
	"runtime"
	"testing"
	"time"
)

// TestPublishWhileDraining starts Drain once Publish holds the lock, or once it has counted its event and let the
// lock go: the order in which the two meet in production. No timing: the lock itself says where Publish is.
func TestPublishWhileDraining(t *testing.T) {
	h := NewHub()
	go h.Publish("a")
	for {
		if !h.mu.TryLock() {
			break // Publish holds it
		}
		seen := h.seen
		h.mu.Unlock()
		if seen == 1 {
			break // Publish counted the event and released the lock
		}
		runtime.Gosched()
	}
	drained := make(chan int, 1)
	go func() { drained <- h.Drain(1) }()
	select {
	case n := <-drained:
		if n != 1 {
			t.Fatalf("drained %d events, want 1", n)
		}
	case <-time.After(time.Second):
		t.Error("Drain did not get the event")
	}
}
