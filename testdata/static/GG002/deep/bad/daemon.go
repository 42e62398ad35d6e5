package bad

import "sync"

// The factory of good/daemon.go, but one caller makes a fresh wrapper per call and drops it: each call starts two
// workers that range over a channel nobody closes, and they stay behind once the wrapper is gone.

type job struct {
	in   string
	done chan int
}

func newStackless(f func(string) int) func(string) (int, bool) {
	work := make(chan *job, 64)
	var once sync.Once
	start := func() {
		for range 2 {
			go func() {
				for j := range work { // want GG002
					j.done <- f(j.in)
				}
			}()
		}
	}
	return func(s string) (int, bool) {
		once.Do(start)
		j := &job{in: s, done: make(chan int, 1)}
		select {
		case work <- j:
		default:
			return 0, false
		}
		return <-j.done, true
	}
}

var stacklessLen = newStackless(func(s string) int { return len(s) })

// Len measures s on one of the process-lifetime workers.
func Len(s string) (int, bool) { return stacklessLen(s) }

// Words counts s's bytes on a wrapper of its own: two workers per call, never stopped.
func Words(s string) (int, bool) { return newStackless(func(s string) int { return len(s) })(s) }
