package rules

// GG020 — WaitGroup.Wait while the goroutines it waits for block on the waiter.
//
// The waiter calls wg.Wait() and only afterwards does what its children need to finish: it drains the channel
// they send results on (every receive of that channel is in the waiter, after Wait), or it releases a lock they
// must take before Done (the lock is held across Wait). The children block in send or Lock, never reach Done,
// and Wait never returns. Reported at the child's blocking operation, with the Wait as `waiter`.

import (
	"fmt"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg020(r *Reporter) {
	for _, w := range r.P.Sync {
		if w.Op.Type != "WaitGroup" || w.Op.Method != "Wait" {
			continue
		}
		class := r.P.C.Of(w.Op.Recv)
		children := r.children(class)
		waitFn := w.Instr.Parent()
		wg := Short(facts.Describe(w.Op.Recv))
		held := r.P.HeldAt(w.Instr)
		for _, child := range children {
			if child == waitFn {
				continue
			}
			fl := r.P.Locks(child)
			// The lock the waiter holds across Wait, taken by a child.
			for _, h := range held {
				for _, a := range fl.Acquires {
					if a.Class != h.Class || r.HandedOff(h.Class, waitFn) {
						continue
					}
					lock := Short(h.Desc)
					waiter := r.Pos(waitFn, w.Instr.Pos())
					r.Report(a.Fn, a.Pos, protocol.Finding{
						Message: fmt.Sprintf("locks `%s`, which the goroutine waiting in `%s.Wait()` (%s) holds until Wait returns, and Wait waits for this goroutine's Done: both block forever",
							lock, wg, r.Line(w.Instr.Pos())),
						Lock:    h.Desc,
						Waiter:  &waiter,
						Related: []protocol.Related{r.Related(waitFn, w.Instr.Pos(), "waits here holding the lock"), r.Related(waitFn, h.Pos, fmt.Sprintf("`%s` locked here", lock))},
					})
				}
			}
			// A send only the waiter receives, after Wait.
			for _, b := range fl.Blocks {
				if b.Chan == nil || b.Chan.Kind != "send" {
					continue
				}
				ch := r.P.C.Of(b.Chan.Chan)
				if !r.P.Unbuffered(ch) || doneFirst(r, class, b.Chan.Instr) || !onlyAfter(r, w.Instr, r.Complements(b.Chan)) {
					continue
				}
				waiter := r.Pos(waitFn, w.Instr.Pos())
				name := Short(describeChan(b.Chan))
				r.Report(b.Fn, b.Pos, protocol.Finding{
					Message: fmt.Sprintf("send on `%s` (unbuffered) blocks: its only receiver runs after `%s.Wait()` (%s), and Wait waits for this goroutine's Done",
						name, wg, r.Line(w.Instr.Pos())),
					Lock:    facts.Describe(w.Op.Recv),
					Waiter:  &waiter,
					Related: []protocol.Related{r.Related(waitFn, w.Instr.Pos(), "the waiter blocks here first")},
				})
			}
		}
	}
}

// children are the functions that call Done (or Add) on the WaitGroup class and run as goroutines.
func (r *Reporter) children(class int) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	for _, s := range r.SyncOn(class, "WaitGroup", "Done", "Add") {
		fn := s.Instr.Parent()
		if s.Op.Method == "Add" || seen[fn] || !r.P.Started(fn) {
			continue
		}
		seen[fn] = true
		out = append(out, fn)
	}
	return out
}

// onlyAfter: there are receivers, all in wait's function, each reached from wait and none reaching it.
func onlyAfter(r *Reporter, wait ssa.Instruction, recvs []*facts.ChanOp) bool {
	if len(recvs) == 0 {
		return false
	}
	for _, o := range recvs {
		if o.Instr.Parent() != wait.Parent() || !r.P.Reaches(wait, o.Instr) || r.P.Reaches(o.Instr, wait) {
			return false
		}
	}
	return true
}

// doneFirst: the goroutine calls Done (not deferred) before it gets to op, so Wait does not wait for op.
func doneFirst(r *Reporter, wg int, op ssa.Instruction) bool {
	for _, s := range r.SyncOn(wg, "WaitGroup", "Done") {
		if call, ok := s.Instr.(*ssa.Call); ok && call.Parent() == op.Parent() && r.P.Reaches(call, op) {
			return true
		}
	}
	return false
}
