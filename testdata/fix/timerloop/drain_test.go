package timerloop

import (
	"testing"
	"time"
)

func TestDrain(t *testing.T) {
	in := make(chan int)
	go func() {
		for i := 0; i < 5; i++ {
			in <- i
		}
	}()
	if n := Drain(in, 50*time.Millisecond); n != 5 {
		t.Fatalf("Drain = %d, want 5", n)
	}
}
