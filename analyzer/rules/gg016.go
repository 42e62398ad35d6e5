package rules

// GG016 — lock held across a blocking operation.
//
// A goroutine holds mutex L while it sends on (or receives from) channel C, and every goroutine that could take
// the other side of C must lock L first: the holder waits for a partner that waits for the holder. Found from the
// must-held lock set at each channel operation (callees included: a helper that sends, called under the lock),
// and from all the operations on C's alias class (struct fields, parameters, closures). A send is only blocking
// (either way) only when some make of C's element type is unbuffered — for a channel taken out of a container
// type's methods (`db.connRequests.TakeRandom()`), only the makes given to that container on the same receiver
// count (facts/container.go); if any partner is reachable without L the finding is dropped. A partner whose only
// Lock of L is the call that installs the blocking operation's callback (installedBy) is reachable without L.
// WaitGroup.Wait under a lock is GG020's.

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"
)

func gg016(r *Reporter) {
	for _, ev := range r.P.UnderLock {
		op := ev.Block.Chan
		if op == nil {
			continue
		}
		if !r.P.UnbufferedReaching(op.Chan) {
			continue
		}
		partners := r.Complements(op)
		if len(partners) == 0 {
			continue
		}
		for _, held := range ev.Held {
			guarded := true
			type site struct {
				fn  *ssa.Function
				pos token.Pos
			}
			var waits []site
			for _, o := range partners {
				fn, pos, ok := r.Guarded(o.Instr, held.Class)
				if o.Instr == op.Instr || !ok || r.installedBy(o, ev.Block.Fn, held.Class) {
					guarded = false
					break
				}
				waits = append(waits, site{fn, pos})
			}
			if !guarded {
				continue
			}
			verb, other := "send on", "receiver"
			if op.Kind == "recv" {
				verb, other = "receive from", "sender"
			}
			ch := Short(describeChan(op))
			lock := Short(held.Desc)
			f := protocol.Finding{
				Message: fmt.Sprintf("%s `%s` while holding `%s` (locked at %s): every %s of `%s` must lock `%s` first, so both block forever",
					verb, ch, lock, r.Line(held.Pos), other, ch, lock),
				Lock: held.Desc,
			}
			f.Related = append(f.Related, r.Related(ev.Fn, held.Pos, fmt.Sprintf("`%s` locked here", lock)))
			if ev.Call.IsValid() {
				f.Related = append(f.Related, r.Related(ev.Fn, ev.Call, "called with the lock held"))
			}
			for i, o := range partners {
				if len(f.Related) >= 8 {
					break
				}
				f.Related = append(f.Related,
					r.Related(waits[i].fn, waits[i].pos, fmt.Sprintf("the %s blocks here, on `%s`", other, lock)),
					r.Related(o.Instr.Parent(), o.Pos, fmt.Sprintf("the %s it would reach", strings.TrimSuffix(verbOf(o.Kind), " on"))))
			}
			r.Report(ev.Block.Fn, ev.Block.Pos, f)
			break
		}
	}
}

func verbOf(kind string) string {
	switch kind {
	case "send":
		return "send on"
	case "close":
		return "close"
	}
	return "receive"
}

// installedBy: the partner o's function takes the lock of class before o only in calls that install the callback
// holding the blocking operation — a closure made in o's function and handed to that call alone
// (`b.SetNotifier(func(n int) { got <- n })`, SetNotifier locking to store it). No other goroutine has the
// callback until that call has taken the lock, so the lock's holder cannot be blocked in the callback while o's
// goroutine waits for the lock there; after the call, o's goroutine no longer needs it. A lock held at o, or taken
// before o by anything else, still guards it.
func (r *Reporter) installedBy(o *facts.ChanOp, blocker *ssa.Function, class int) bool {
	fn := o.Instr.Parent()
	fl := r.P.Locks(fn)
	for _, h := range fl.At[o.Instr] {
		if h.Class == class && !h.Ghost {
			return false
		}
	}
	mc := closureOf(fn, blocker)
	if mc == nil {
		return false
	}
	found := false
	for site, classes := range fl.AcqSites {
		if !slices.Contains(classes, class) || !before(site, o.Instr) {
			continue
		}
		if !handedOnlyTo(mc, site) {
			return false
		}
		found = true
	}
	return found
}

// closureOf is the MakeClosure in fn of the closure that is inner or encloses it (inner's chain of parents).
func closureOf(fn, inner *ssa.Function) *ssa.MakeClosure {
	for c := inner; c != nil && c.Parent() != nil; c = c.Parent() {
		if c.Parent() != fn {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == c {
					return mc
				}
			}
		}
	}
	return nil
}

// handedOnlyTo: v (through conversions to a named func type) is used only as an argument of the call site.
func handedOnlyTo(v ssa.Value, site ssa.Instruction) bool {
	call, ok := site.(ssa.CallInstruction)
	if !ok {
		return false
	}
	for {
		refs := *v.Referrers()
		if len(refs) != 1 {
			return false
		}
		if ct, ok := refs[0].(*ssa.ChangeType); ok {
			v = ct
			continue
		}
		return refs[0] == site && slices.Contains(call.Common().Args, v)
	}
}

// before: a comes first on every path to b within one function.
func before(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return facts.Index(a) < facts.Index(b)
	}
	return a.Block().Dominates(b.Block())
}
