package handoff

import (
	"context"
	"testing"
	"time"
)

func TestGiveUpIsNotTaken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	before := Taken()
	_, ok := Give(ctx, func() string {
		time.Sleep(20 * time.Millisecond)
		return "job"
	})
	if ok {
		t.Fatal("the worker should have left")
	}
	if d := movedWithin(time.Second, Taken, before); d != 0 {
		t.Fatalf("Taken moved by %d for a job nobody took", d)
	}
}

func TestGive(t *testing.T) {
	j, ok := Give(context.Background(), func() string { return "job" })
	if !ok || j != "job" {
		t.Fatalf("Give = %q, %v", j, ok)
	}
}

// movedWithin polls count for d: whether it moves away from before. The worker counts right after its send, so a
// send that completes without a receiver shows within microseconds; d only bounds a very slow scheduler.
func movedWithin(d time.Duration, count func() int32, before int32) int32 {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if n := count() - before; n != 0 {
			return n
		}
	}
	return 0
}
