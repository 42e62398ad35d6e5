package good

import "sync"

// Reduced from valyala/fasthttp (stackless.NewFunc and its package-level users in compress.go): NewStackless
// starts its workers on first use; they range over a channel nobody closes, by design — the only callers keep the
// returned function in package-level variables, so the workers live as long as the process and serve every call
// (their count stays 2 however many calls come). A channel made by a factory whose every result is kept in a
// package-level variable is not reported.

type job struct {
	in   string
	done chan int
}

func NewStackless(f func(string) int) func(string) (int, bool) {
	work := make(chan *job, 64)
	var once sync.Once
	start := func() {
		for range 2 {
			go func() {
				for j := range work {
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

var stacklessLen = NewStackless(func(s string) int { return len(s) })

// Len measures s on one of the process-lifetime workers.
func Len(s string) (int, bool) { return stacklessLen(s) }
