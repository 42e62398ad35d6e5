package ctxexit

import (
	"context"
	"testing"
)

func TestForward(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan int)
	got := make(chan int, 1)
	Forward(ctx, events, func(e int) { got <- e })
	events <- 7
	if e := <-got; e != 7 {
		t.Fatalf("got %d", e)
	}
}
