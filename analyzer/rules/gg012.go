package rules

// GG012 (deep) — Lock without Unlock on some path, with the goroutines it blocks.
//
// A function that locks `s.mu` and unlocks it on some paths but returns with it held on another (an early
// `return` between Lock and Unlock, the must-held set at that return), or whose loop comes back to the same Lock
// with it held (a `continue` between Lock and Unlock). The next Lock of that mutex, by this goroutine or any
// other, blocks forever: the other Lock sites of the mutex's declaration are the related locations (where
// `check` expects the blocked goroutines). Unlike the fast engine's GG012 the lock may be taken and released
// through helpers. Quiet when another goroutine or function releases the mutex without taking it (a lock handed
// over on purpose, an unlock helper such as a transaction's Commit), and for a read lock left held when the
// mutex's declaration has no writer (only a Lock waits for readers).

import (
	"fmt"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/protocol"
)

func gg012(r *Reporter) {
	for _, l := range r.P.Leaks() {
		if r.HandedOff(l.Lock.Class, l.Fn) || r.releasedElsewhere(l.Lock.Class, l.Fn) {
			continue
		}
		if l.Lock.Read && len(r.SyncOn(l.Lock.Class, "Mutex", "Lock")) == 0 {
			continue // a read lock left held blocks only writers, and this mutex has none
		}
		lock := Short(l.Lock.Desc)
		verb := map[bool]string{false: "Lock", true: "RLock"}[l.Lock.Read]
		f := protocol.Finding{Lock: l.Lock.Desc}
		pos := l.Again
		if l.Return != nil {
			pos = l.Return.Pos()
			f.Message = fmt.Sprintf("returns with `%s` still locked (%s at %s) while the other paths unlock it: the next Lock of `%s` blocks forever",
				lock, verb, r.Line(l.Lock.Pos), lock)
			f.Related = []protocol.Related{r.Related(l.Fn, l.Lock.Pos, fmt.Sprintf("`%s` locked here", lock))}
		} else {
			f.Message = fmt.Sprintf("the loop comes back to this %s of `%s` with it still held (a path skips the Unlock): sync mutexes are not re-entrant, so it blocks forever",
				verb, lock)
		}
		if !pos.IsValid() {
			pos = l.Lock.Pos
		}
		for _, s := range r.SyncOn(l.Lock.Class, "Mutex", "Lock", "RLock") {
			if len(f.Related) >= 6 {
				break
			}
			if s.Instr.Pos() != l.Lock.Pos && s.Instr.Pos().IsValid() {
				f.Related = append(f.Related, r.Related(s.Instr.Parent(), s.Instr.Pos(), fmt.Sprintf("the next Lock of `%s` blocks here", lock)))
			}
		}
		r.Report(l.Fn, pos, f)
	}
}

// releasedElsewhere: a function other than fn unlocks the class without locking it first (an unlock helper).
func (r *Reporter) releasedElsewhere(class int, fn *ssa.Function) bool {
	for _, s := range r.SyncOn(class, "Mutex", "Unlock", "RUnlock") {
		if s.Instr.Parent() == fn {
			continue
		}
		if _, own := r.P.AcquiredBefore(s.Instr, class); !own {
			return true
		}
	}
	return false
}
