package rules

// GG019 — sync.Cond.Wait that no Signal/Broadcast reaches after the state change.
//
// Wait returns only after a Signal or Broadcast that comes after it; one that came first is lost. Reported:
//   - nothing signals the Cond (no Signal or Broadcast on its class anywhere) and code outside cannot reach it (a
//     local, an unexported field or variable): the waiter waits forever;
//   - signallers that never take the Cond's lock (known from `sync.NewCond(&mu)`) before its Signal: its state
//     change is not under the lock either, so it can land between the waiter's check and its Wait, and the
//     wake-up is lost — in a loop or not;
//   - a Wait not in a loop (nothing re-checked, so a Signal that came first is lost) whose waiter does not hand
//     off to the signaller while it holds the lock (start the goroutine, send, receive or close on a channel, or
//     store to shared memory between Lock and Wait): nothing keeps the Signal from coming first.
//
// Not reported: a Wait not in a loop whose signallers all lock the Cond's lock and whose waiter starts or wakes
// them while holding it (the Signal can come only once the waiter is in Wait), or checks under the lock the state
// a signaller changes, or runs in a synctest bubble where every signaller sleeps on the fake clock first, or some
// signaller repeats its Signal on every tick of a ticker loop, so one that came first is sent again
// (gg019_order.go) — the "Wait not in a loop" style warning alone is not a leak.

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"
)

func gg019(r *Reporter) {
	for _, s := range r.P.Sync {
		if s.Op.Type != "Cond" || s.Op.Method != "Wait" {
			continue
		}
		class := r.P.C.Of(s.Op.Recv)
		desc := describeCond(s.Op.Recv)
		fn := s.Instr.Parent()
		signals := r.SyncOn(class, "Cond", "Signal", "Broadcast")
		if len(signals) == 0 {
			if !exported(desc) {
				r.Report(fn, s.Instr.Pos(), protocol.Finding{
					Message: fmt.Sprintf("Wait on `%s`, which nothing signals: no Signal or Broadcast on it anywhere, so the goroutine waits forever", Short(desc)),
					Lock:    desc,
				})
			}
			continue
		}
		lock, known := r.P.CondLocker(class)
		if known {
			if bare := r.unlockedSignal(signals, lock); bare != nil && !r.resentOnTick(signals) {
				f := protocol.Finding{
					Message: fmt.Sprintf("`%s`.%s at %s runs without the Cond's lock, so the state change it announces is not under the lock either: it can come between this waiter's check and its Wait, and the wake-up is lost — the goroutine waits forever",
						Short(desc), bare.Op.Method, r.Line(bare.Instr.Pos())),
					Lock: desc,
				}
				f.Related = []protocol.Related{r.Related(bare.Instr.Parent(), bare.Instr.Pos(), fmt.Sprintf("%s without taking the Cond's lock", bare.Op.Method))}
				r.Report(fn, s.Instr.Pos(), f)
				continue
			}
		}
		if r.P.InLoop(s.Instr) {
			continue
		}
		if known && (r.P.HandsOffUnder(s.Instr, lock) || r.checksStateUnder(s.Instr, signals, lock)) {
			continue
		}
		if !known && handsOffUnderAny(r, s.Instr, signals) {
			continue
		}
		if r.bubbleOrdered(s.Instr, signals) || r.resentOnTick(signals) {
			continue
		}
		f := protocol.Finding{
			Message: fmt.Sprintf("`%s`.Wait not in a loop, and nothing orders the Signal after it: a Signal or Broadcast that comes first is lost and the goroutine waits forever; use `for !cond { c.Wait() }`", Short(desc)),
			Lock:    desc,
		}
		for _, sig := range signals {
			if len(f.Related) >= 4 {
				break
			}
			f.Related = append(f.Related, r.Related(sig.Instr.Parent(), sig.Instr.Pos(), fmt.Sprintf("%s, which can run before the Wait", sig.Op.Method)))
		}
		r.Report(fn, s.Instr.Pos(), f)
	}
}

// unlockedSignal is a Signal/Broadcast whose goroutine neither holds nor takes the lock of class first (in its
// function, or in every caller one level up).
// Reported only when every signal of the Cond is such: one signal under the lock means the code knows the
// protocol, and an extra bare one (a final Signal after the waiters were woken) loses nothing.
func (r *Reporter) unlockedSignal(signals []*facts.SyncSite, lock int) *facts.SyncSite {
	for _, sig := range signals {
		if _, _, ok := r.Guarded(sig.Instr, lock); ok || r.inLockedCaller(sig.Instr.Parent(), lock) != token.NoPos {
			return nil
		}
	}
	return signals[0]
}

// inLockedCaller: some static caller of fn holds the lock around the call (a helper that signals for a locked
// caller); its position, or NoPos.
// A closure handed to a call made under the lock (`f.ForeachSetting(func(s Setting) error { …; c.Broadcast() })`)
// and a function named for its precondition (`broadcastLocked`) count as locked callers too.
func (r *Reporter) inLockedCaller(fn *ssa.Function, lock int) token.Pos {
	if strings.HasSuffix(fn.Name(), "Locked") || strings.HasSuffix(fn.Name(), "locked") {
		return fn.Pos()
	}
	sites := append([]ssa.CallInstruction(nil), r.P.Callers[fn]...)
	for _, c := range r.P.Closures(fn) {
		for _, ref := range *c.Referrers() {
			if call, ok := ref.(ssa.CallInstruction); ok {
				sites = append(sites, call)
			}
		}
	}
	for _, c := range sites {
		for _, h := range r.P.HeldAt(c) {
			if h.Class == lock {
				return c.Pos()
			}
		}
	}
	return token.NoPos
}

func handsOffUnderAny(r *Reporter, wait ssa.Instruction, signals []*facts.SyncSite) bool {
	for _, h := range r.P.HeldAt(wait) {
		if r.P.HandsOffUnder(wait, h.Class) || r.checksStateUnder(wait, signals, h.Class) {
			return true
		}
	}
	return false
}

// exported reports a field or package variable that code outside the package can reach.
func exported(desc string) bool {
	name := desc[strings.LastIndex(desc, ".")+1:]
	if !strings.Contains(desc, ".") || name == "" {
		return false
	}
	return unicode.IsUpper([]rune(name)[0])
}
