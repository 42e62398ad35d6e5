package good

import "time"

// One timer, reset each iteration.
func Consume(in <-chan int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case v := <-in:
			_ = v
			t.Reset(time.Minute)
		case <-t.C:
			return
		}
	}
}

// Not in a loop.
func Once(in <-chan int) int {
	select {
	case v := <-in:
		return v
	case <-time.After(time.Second):
		return 0
	}
}
