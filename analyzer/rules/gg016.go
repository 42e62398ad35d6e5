package rules

// GG016 — lock held across a blocking operation.
//
// A goroutine holds mutex L while it sends on (or receives from) channel C, and every goroutine that could take
// the other side of C must lock L first: the holder waits for a partner that waits for the holder. Found from the
// must-held lock set at each channel operation (callees included: a helper that sends, called under the lock),
// and from all the operations on C's alias class (struct fields, parameters, closures). A send is only blocking
// (either way) only when some make of C's element type is unbuffered — for a channel taken out of a container
// type's methods (`db.connRequests.TakeRandom()`), only the makes given to that container on the same receiver
// count (facts/container.go); if any partner is reachable without L the finding is dropped.
// WaitGroup.Wait under a lock is GG020's.

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

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
				if o.Instr == op.Instr || !ok {
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
