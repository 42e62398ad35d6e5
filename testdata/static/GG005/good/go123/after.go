package go123

import "time"

// From Go 1.23 unreferenced timers are collected at once.
func Consume(in <-chan int) {
	for {
		select {
		case v := <-in:
			_ = v
		case <-time.After(time.Minute):
			return
		}
	}
}
