package leaky

import (
	"testing"
	"time"
)

func TestFirstResultLeaks(t *testing.T) {
	if got := FirstResult(3); got < 0 || got > 2 {
		t.Fatalf("got %d", got)
	}
}

func TestFirstResultBufferedIsClean(t *testing.T) {
	if got := FirstResultBuffered(3); got < 0 || got > 2 {
		t.Fatalf("got %d", got)
	}
}

func TestTreeLeaksGrandchildren(t *testing.T) {
	StartTree(2)
}

func TestSubtestLeaks(t *testing.T) {
	t.Run("clean", func(t *testing.T) {})
	t.Run("leaky", func(t *testing.T) {
		Block()
	})
}

// The runtime starts AfterFunc callbacks without a parent goroutine (no ancestry): blamed through the closure.
func TestAfterFuncLeaks(t *testing.T) {
	started := make(chan struct{})
	time.AfterFunc(time.Millisecond, func() {
		close(started)
		<-make(chan int)
	})
	<-started
}
