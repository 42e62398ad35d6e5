package ticker

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestHeartbeat(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	Heartbeat(ctx, time.Millisecond, func() { n.Add(1) })
	// Wait for the first beat, however loaded the machine (no fixed sleep that a slow scheduler misses).
	for deadline := time.Now().Add(10 * time.Second); n.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no beat")
		}
	}
	cancel()
}
