package delivery

import (
	"testing"
	"time"
)

func TestGiveUpIsNotDelivery(t *testing.T) {
	before := Delivered()
	_, ok := Offer(func() string {
		time.Sleep(20 * time.Millisecond)
		return "late"
	}, 5*time.Millisecond)
	if ok {
		t.Fatal("the consumer should have given up")
	}
	if got := movedWithin(time.Second, Delivered, before); got != 0 {
		t.Fatalf("Delivered moved by %d for a message nobody received", got)
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
