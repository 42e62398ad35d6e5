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
	time.Sleep(10 * time.Millisecond)
	cancel()
	if n.Load() == 0 {
		t.Fatal("no beat")
	}
}
