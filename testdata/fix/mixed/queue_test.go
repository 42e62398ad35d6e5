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
	time.Sleep(30 * time.Millisecond)
	if d := HandedOff() - before; d != 0 {
		t.Fatalf("HandedOff moved by %d without a taker", d)
	}
}
