package patterns

import (
	"context"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
)

// Stack shapes a parser must handle: elided frames from deep recursion, generic functions and
// methods, nested closures, value and pointer receivers, inlined frames, long argument lists,
// a goroutine locked to its thread, pprof labels, a raw syscall and sync.Cond.Wait.
// Each blocks on something only its own stack can reach.

func descend(depth int, release <-chan struct{}) int {
	if depth == 0 {
		<-release
		return 0
	}
	return descend(depth-1, release) + 1
}

// Queue is a generic work queue; its Drain method shows as patterns.(*Queue[...]).Drain.
type Queue[T any] struct {
	items chan T
}

func (q *Queue[T]) Drain(handle func(T)) {
	for it := range q.items {
		handle(it)
	}
}

// Watch is a generic function with two type parameters.
func Watch[K comparable, V any](m map[K]V, changes <-chan K) {
	for k := range changes {
		_ = m[k]
	}
}

func startNestedClosures(release chan struct{}) {
	go func() {
		go func() {
			go func() {
				<-release
			}()
			<-release
		}()
		<-release
	}()
}

type poller struct {
	name string
	wake chan struct{}
}

// run has a value receiver: shows as patterns.poller.run.
func (p poller) run() {
	<-p.wake
}

// recvOne is small enough to be inlined into its caller; tracebacks show it with (...) args.
func recvOne(ch chan int) int {
	return <-ch
}

func inlinedWaiter(ch chan int) {
	_ = recvOne(ch) + 1
}

//go:noinline
func manyArgs(a, b, c, d, e, f, g, h, i, j, k, l int, s string, ch chan int) {
	_ = a + b + c + d + e + f + g + h + i + j + k + l + len(s)
	<-ch
}

func lockedWorker(ch chan int) {
	runtime.LockOSThread() // e.g. a cgo or OpenGL owner; the header says "locked to thread"
	<-ch
}

//go:noinline
func labelledWorker(ch chan int) {
	<-ch
}

func blockingRead(fd int) {
	buf := make([]byte, 1)
	_, _ = syscall.Read(fd, buf) // blocking fd: the goroutine shows in state syscall
}

func condWaiter(c *sync.Cond, ready *bool) {
	c.L.Lock()
	for !*ready {
		c.Wait()
	}
	c.L.Unlock()
}

func startShapes(_ *Env) {
	go descend(300, make(chan struct{}))

	go (&Queue[string]{items: make(chan string)}).Drain(func(string) {})
	go (&Queue[[]byte]{items: make(chan []byte)}).Drain(func([]byte) {})
	go Watch(map[string]int{}, make(chan string))

	startNestedClosures(make(chan struct{}))

	go poller{name: "inbox", wake: make(chan struct{})}.run()
	go inlinedWaiter(make(chan int))
	go manyArgs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "thirteen", make(chan int))
	go lockedWorker(make(chan int))

	pprof.Do(context.Background(), pprof.Labels("component", "shapes", "tenant", "acme corp"), func(context.Context) {
		go labelledWorker(make(chan int))
	})

	var fds [2]int
	if err := syscall.Pipe(fds[:]); err == nil {
		go blockingRead(fds[0])
	}

	ready := false
	c := sync.NewCond(&sync.Mutex{})
	for i := 0; i < 2; i++ {
		go condWaiter(c, &ready)
	}
}
