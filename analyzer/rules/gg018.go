package rules

// GG018 — double locking, and RLock re-entered while a writer may wait.
//
// A goroutine takes a lock whose same instance it already holds (the instance is named by its access path:
// `s.mu` of the same receiver, mapped through calls and closures): Lock after Lock, Lock after RLock (no
// upgrade) and RLock after Lock block forever. RLock after RLock blocks only when a writer calls Lock in
// between (the RWMutex then holds new readers back): reported as a warning when the same mutex has writers that
// another goroutine can run — not when the mutex is a local variable of the reader's function and every Lock of
// its declaration is in that function (each call has its own instance; only this goroutine locks it). A re-lock
// reached only when a field is nil that every constructor sets is not reported either (gg018_set.go).

import (
	"fmt"
	"strings"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"
)

func gg018(r *Reporter) {
	for _, ev := range r.P.Reacquires {
		if r.HandedOff(ev.Inner.Class, ev.Fn) || r.nilGuarded(ev.Fn, ev.Call) {
			continue
		}
		lock := Short(ev.Inner.Desc)
		f := protocol.Finding{Lock: ev.Inner.Desc}
		verb := map[bool]string{false: "Lock", true: "RLock"}
		switch {
		case ev.Outer.Read && ev.Inner.Read:
			if !r.otherWriter(ev) {
				continue
			}
			f.Severity = "warning"
			f.Message = fmt.Sprintf("`%s` read-locked again while this goroutine already holds its read lock (%s): a writer waiting in Lock in between blocks the second RLock, and the writer waits for the first — deadlock",
				lock, r.Line(ev.Outer.Pos))
		default:
			f.Message = fmt.Sprintf("%s of `%s` while this goroutine already holds it (%s at %s): sync mutexes are not re-entrant, so it blocks forever",
				verb[ev.Inner.Read], lock, verb[ev.Outer.Read], r.Line(ev.Outer.Pos))
		}
		f.Related = []protocol.Related{r.Related(ev.Fn, ev.Outer.Pos, fmt.Sprintf("`%s` first locked here", lock))}
		if ev.Call.IsValid() {
			f.Related = append(f.Related, r.Related(ev.Fn, ev.Call, "and this call locks it again"))
		}
		r.Report(ev.Inner.Fn, ev.Inner.Pos, f)
	}
}

// otherWriter: a goroutine other than the reader's can write-lock the instance the reader holds twice.
func (r *Reporter) otherWriter(ev facts.Reacquire) bool {
	writers := r.SyncOn(ev.Inner.Class, "Mutex", "Lock")
	if len(writers) == 0 {
		return false
	}
	if !strings.HasPrefix(ev.Outer.Path, "l:") {
		return true
	}
	for _, w := range writers {
		if w.Instr.Parent() != ev.Fn {
			return true
		}
	}
	return false
}
