package guard

// Wait classes: the runtime's wait reasons (runtime2.go waitReasonStrings) grouped as in the shared spec §2, the
// same names the TypeScript side uses (src/profile/model.ts WaitClass).

import "strings"

// WaitClass is one group of goroutine states.
type WaitClass string

// The wait classes, in report order.
const (
	ClassChanSend WaitClass = "chan-send"
	ClassChanRecv WaitClass = "chan-recv"
	ClassSelect   WaitClass = "select"
	ClassSync     WaitClass = "sync"
	ClassIO       WaitClass = "io"
	ClassSleep    WaitClass = "sleep"
	ClassSyscall  WaitClass = "syscall"
	ClassRunning  WaitClass = "running"
	ClassRunnable WaitClass = "runnable"
	ClassRuntime  WaitClass = "runtime"
	ClassOther    WaitClass = "other"
)

// waitClasses lists every class once, in report order (read-only; WaitClasses hands out copies).
var waitClasses = [...]WaitClass{
	ClassChanSend, ClassChanRecv, ClassSelect, ClassSync, ClassIO, ClassSleep,
	ClassSyscall, ClassRunning, ClassRunnable, ClassRuntime, ClassOther,
}

// WaitClasses returns every class once, in report order.
func WaitClasses() []WaitClass { return append([]WaitClass(nil), waitClasses[:]...) }

// leakProne: a pile of goroutines parked here at one site is worth suspecting. IO is left out: keep-alive and
// accept loops park in IO wait by design, and their number follows connections.
func (c WaitClass) leakProne() bool {
	return c == ClassChanSend || c == ClassChanRecv || c == ClassSelect || c == ClassSync
}

// parked: the goroutine waits for something (anything but running, runnable and in a syscall).
func (c WaitClass) parked() bool {
	return c != ClassRunning && c != ClassRunnable && c != ClassSyscall
}

func classIndex(c WaitClass) int {
	for i, k := range waitClasses {
		if k == c {
			return i
		}
	}
	return len(waitClasses) - 1
}

// goroutineState is a traceback header's state, e.g. "chan send (nil chan)", split into the wait reason and the
// flags the runtime appends inside the brackets.
type goroutineState struct {
	reason     string
	class      WaitClass
	leaked     bool // "(leaked)": the GC proved it can never wake (goroutineleak)
	neverWakes bool // nil-chan operations and select with no cases cannot be woken by anything
}

func parseState(s string) goroutineState {
	st := goroutineState{}
	for {
		switch {
		case strings.HasSuffix(s, " (leaked)"):
			st.leaked = true
			s = s[:len(s)-len(" (leaked)")]
			continue
		case strings.HasSuffix(s, " (scan)"):
			s = s[:len(s)-len(" (scan)")]
			continue
		case strings.HasSuffix(s, " (durable)"):
			// synctest bubbles: same wait, durably blocked inside the bubble.
			s = s[:len(s)-len(" (durable)")]
			continue
		case strings.HasSuffix(s, " (synctest)"):
			// Go 1.24's experimental synctest spelled it this way.
			s = s[:len(s)-len(" (synctest)")]
			continue
		}
		break
	}
	st.reason = s
	st.class = classify(s)
	st.neverWakes = s == "chan send (nil chan)" || s == "chan receive (nil chan)" || s == "select (no cases)"
	return st
}

// runtimeReasons are the runtime's own waits (GC, finalizers, scavenger, tracer…): never a user leak.
var runtimeReasons = map[string]bool{
	"GC assist marking": true, "GC assist wait": true, "GC sweep wait": true, "GC scavenge wait": true,
	"GC worker (idle)": true, "GC worker (active)": true, "GC mark termination": true,
	"GC weak to strong wait": true, "garbage collection": true, "garbage collection scan": true,
	"finalizer wait": true, "cleanup wait": true, "force gc (idle)": true, "GOMAXPROCS updater (idle)": true,
	"trace reader (blocked)": true, "wait for GC cycle": true, "dumping heap": true, "panicwait": true,
	"stopping the world": true, "flushing proc caches": true, "trace goroutine status": true,
	"trace proc status": true, "page trace flush": true, "debug call": true,
	"timer goroutine (idle)": true, // Go < 1.20
}

// classify maps one wait reason or status string to its class.
func classify(reason string) WaitClass {
	switch reason {
	case "chan send", "chan send (nil chan)":
		return ClassChanSend
	case "chan receive", "chan receive (nil chan)":
		return ClassChanRecv
	case "select", "select (no cases)":
		return ClassSelect
	case "semacquire", "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.Cond.Wait",
		"sync.WaitGroup.Wait":
		return ClassSync
	case "IO wait":
		return ClassIO
	case "sleep":
		return ClassSleep
	case "syscall":
		return ClassSyscall
	case "running":
		return ClassRunning
	case "runnable", "preempted":
		return ClassRunnable
	}
	if runtimeReasons[reason] {
		return ClassRuntime
	}
	return ClassOther
}
