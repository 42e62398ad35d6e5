package bgctx

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestPollStopsWithCaller(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	Poll(ctx, time.Millisecond, func() { n.Add(1) })
	// Wait for the first check, however loaded the machine (no fixed sleep that a slow scheduler misses).
	for deadline := time.Now().Add(10 * time.Second); n.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("check never ran")
		}
	}
	cancel()
}
