// Package timerloop waits for items with an idle timeout made anew on every iteration (before Go 1.23 each
// `time.After` timer lives until it fires). Timers are not goroutines: no test can show this leak, so the patch
// is offered unverified — after the package's tests passed with it.
package timerloop

import "time"

// Drain counts items until in stays idle for idle.
func Drain(in <-chan int, idle time.Duration) int {
	n := 0
	for {
		select {
		case <-in:
			n++
		case <-time.After(idle):
			return n
		}
	}
}
