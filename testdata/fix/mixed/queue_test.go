package mixed

import (
	"testing"
	"time"
)

func TestPopEmptyThenPush(t *testing.T) {
	var q Queue
	if _, ok := q.Pop(); ok {
		t.Fatal("empty queue popped")
	}
	go q.Push("x")
	time.Sleep(10 * time.Millisecond)
}

func TestHandOffGivesUp(t *testing.T) {
	before := HandedOff()
	if HandOff("y", time.Millisecond) {
		t.Fatal("worker should have given up")
	}
	if d := movedWithin(time.Second, HandedOff, before); d != 0 {
		t.Fatalf("HandedOff moved by %d without a taker", d)
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
