package rangeclose

import (
	"testing"
	"time"
)

func TestSum(t *testing.T) {
	sums := make(chan int, 3)
	Sum([]int{1, 2, 3}, func(s int) { sums <- s })
	deadline := time.After(time.Second)
	last := 0
	for i := 0; i < 3; i++ {
		select {
		case last = <-sums:
		case <-deadline:
			t.Fatal("no partial sum")
		}
	}
	if last != 6 {
		t.Fatalf("sum = %d", last)
	}
}
