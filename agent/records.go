package guard

// The inferred reader: runtime.GoroutineProfile records (collected concurrently since Go 1.19, so a big process
// is not stopped while its stacks are copied), grouped by identical stack, symbolized once per distinct stack,
// with the wait inferred from the runtime frames above the first caller (the records carry no wait reason):
//
//	runtime.gopark ← runtime.chanrecv ← runtime.chanrecv1 ← main.worker   ⇒ chan receive at main.worker
//	runtime.gopark ← runtime.goparkunlock ← runtime.semacquire1 ← sync.runtime_SemacquireWaitGroup ⇒ sync
//
// Not visible this way: nil-channel waits (same frames as other channel waits), wait minutes, creators and the
// "(leaked)" marker.

import (
	"runtime"
	"strconv"
	"strings"
)

// parseRecords aggregates stack records into a snapshot.
func (p *profileParser) parseRecords(records []runtime.StackRecord) profileSnapshot {
	agg := p.newAggregator(modeInferred)
	counts := make(map[[32]uintptr]int)
	for i := range records {
		counts[records[i].Stack0]++
	}
	var buf []byte
	for stack, n := range counts {
		o := observation{count: n}
		buf = p.inferStack(stack, &o, buf[:0])
		agg.add(&o)
	}
	return agg.finish()
}

// frameWaits maps the runtime/stdlib function a parked goroutine is blocked in to its wait reason.
var frameWaits = map[string]string{
	"runtime.chanrecv": "chan receive", "runtime.chanrecv1": "chan receive", "runtime.chanrecv2": "chan receive",
	"runtime.chansend": "chan send", "runtime.chansend1": "chan send",
	"runtime.selectgo": "select", "runtime.block": "select (no cases)",
	"runtime.semacquire1": "semacquire", "runtime.semacquire": "semacquire",
	"sync.runtime_notifyListWait": "sync.Cond.Wait", "runtime.notifyListWait": "sync.Cond.Wait",
	"runtime.netpollblock": "IO wait", "internal/poll.runtime_pollWait": "IO wait",
	"time.Sleep": "sleep", "runtime.timeSleep": "sleep",
}

// syscallFrames mark a goroutine that is inside a system call or cgo call.
var syscallFrames = []string{"syscall.Syscall", "syscall.RawSyscall", "syscall.syscall", "internal/runtime/syscall.",
	"runtime.cgocall", "runtime/internal/syscall."}

// inferStack symbolizes one distinct stack into o (state, site) and returns buf, which holds o's byte slices.
func (p *profileParser) inferStack(stack [32]uintptr, o *observation, buf []byte) []byte {
	n := 0
	for n < len(stack) && stack[n] != 0 {
		n++
	}
	frames := runtime.CallersFrames(stack[:n])
	type site struct{ fn, loc string }
	var top, user site
	var userFound, runtimeOnly = false, true
	reason := ""
	parked := false
	for i := 0; ; i++ {
		f, more := frames.Next()
		fn := f.Function
		if i == 0 {
			parked = fn == "runtime.gopark" || fn == "runtime.goparkunlock"
		}
		if reason == "" && parked {
			reason = frameWaits[fn]
		}
		if reason == "" && !parked {
			for _, s := range syscallFrames {
				if strings.HasPrefix(fn, s) {
					reason = "syscall"
				}
			}
		}
		if fn != "" && !strings.HasPrefix(fn, "runtime.") {
			runtimeOnly = false
			if top.fn == "" {
				top = site{fn, f.File + ":" + strconv.Itoa(f.Line)}
			}
		}
		if !userFound && fn != "" && p.isUser([]byte(fn)) {
			user, userFound = site{fn, f.File + ":" + strconv.Itoa(f.Line)}, true
		}
		if !more {
			break
		}
	}
	switch {
	case reason != "":
	case !parked:
		reason = "runnable" // running and runnable look the same in a record
	case runtimeOnly:
		reason = "GC worker (idle)" // a runtime-internal wait: counted as "runtime"
	default:
		reason = "waiting"
	}
	if reason == "semacquire" || reason == "sync.Cond.Wait" || reason == "IO wait" {
		// Keep the runtime's own semaphores and pollers (GC, timers) out of the user's classes.
		if runtimeOnly {
			reason = "GC worker (idle)"
		}
	}
	o.state = parseState(reason)
	if !userFound {
		user = top
	}
	start := len(buf)
	buf = append(buf, user.fn...)
	mid := len(buf)
	buf = append(buf, user.loc...)
	o.siteFunc, o.siteLoc = buf[start:mid:mid], buf[mid:]
	return buf
}
