package rules

// GG019: what else orders a Signal after a Wait that is not in a loop.
//
//   - The waiter checks shared state under the Cond's lock and waits only on what it saw (`if x == 2 { c.Wait() }`,
//     the lock held from the read to the Wait), and a signaller stores to that state: the signaller's state change
//     and Signal, under the lock, come either before the check (and the waiter does not wait) or after the waiter
//     is inside Wait (sync/cond_test.go TestRace).
//   - Both sides run in a synctest bubble (a function given to synctest.Test or synctest.Run, and the goroutines
//     it starts) and every signaller sleeps (`time.Sleep`, fake clock) or calls `synctest.Wait` before it
//     signals: either returns only once every other goroutine of the bubble is durably blocked — the waiter in
//     Wait (internal/synctest TestCond). A real clock's sleep orders nothing, so outside a bubble it is no excuse.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
)

// checksStateUnder: wait is reached only through a branch on shared memory read while the lock of class is held,
// held from that read to the Wait, and some signaller stores to that memory.
func (r *Reporter) checksStateUnder(wait ssa.Instruction, signals []*facts.SyncSite, class int) bool {
	fn := wait.Parent()
	fl := r.P.Locks(fn)
	holds := func(instr ssa.Instruction) bool {
		set, recorded := fl.At[instr]
		if !recorded {
			return true
		}
		for _, h := range set {
			if !h.Ghost && h.Class == class {
				return true
			}
		}
		return false
	}
	for _, b := range fn.Blocks {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		var branch *ssa.BasicBlock
		for _, s := range b.Succs {
			if len(s.Preds) == 1 && s.Dominates(wait.Block()) {
				branch = s
			}
		}
		if branch == nil || !r.heldOnTheWay(branch, wait, holds) {
			continue
		}
		for _, load := range stateLoads(iff.Cond, 6) {
			if load.Block() != b || !heldFrom(load, holds) {
				continue
			}
			if r.signallerStores(signals, r.P.C.Of(load.X)) {
				return true
			}
		}
	}
	return false
}

// stateLoads are the memory reads (`*p`) a branch condition is computed from.
func stateLoads(v ssa.Value, depth int) []*ssa.UnOp {
	if depth == 0 {
		return nil
	}
	var out []*ssa.UnOp
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return []*ssa.UnOp{v}
		}
		out = stateLoads(v.X, depth-1)
	case *ssa.BinOp:
		out = append(stateLoads(v.X, depth-1), stateLoads(v.Y, depth-1)...)
	case *ssa.Field:
		out = stateLoads(v.X, depth-1)
	case *ssa.Index:
		out = stateLoads(v.X, depth-1)
	case *ssa.Convert:
		out = stateLoads(v.X, depth-1)
	case *ssa.ChangeType:
		out = stateLoads(v.X, depth-1)
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
			out = stateLoads(v.Call.Args[0], depth-1)
		}
	}
	return out
}

// heldFrom: the lock is held at load and at every later instruction of its block that the lock facts record.
func heldFrom(load *ssa.UnOp, holds func(ssa.Instruction) bool) bool {
	for _, instr := range load.Block().Instrs[facts.Index(load):] {
		if !holds(instr) {
			return false
		}
	}
	return true
}

// heldOnTheWay: the lock is held at every recorded instruction on the ways from the branch's first block to wait
// (the blocks the branch dominates that reach wait's block; in that block, up to wait).
func (r *Reporter) heldOnTheWay(branch *ssa.BasicBlock, wait ssa.Instruction, holds func(ssa.Instruction) bool) bool {
	for _, b := range wait.Parent().Blocks {
		if !branch.Dominates(b) {
			continue
		}
		instrs := b.Instrs
		if b == wait.Block() {
			instrs = instrs[:facts.Index(wait)+1]
		} else if !r.P.Reaches(b.Instrs[0], wait) {
			continue
		}
		for _, instr := range instrs {
			if !holds(instr) {
				return false
			}
		}
	}
	return true
}

// signallerStores: the function of some Signal/Broadcast stores to memory of class addr (it changes the state the
// waiter checks).
func (r *Reporter) signallerStores(signals []*facts.SyncSite, addr int) bool {
	for _, sig := range signals {
		for _, b := range sig.Instr.Parent().Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok && r.P.C.Of(st.Addr) == addr {
					return true
				}
			}
		}
	}
	return false
}

// bubbleOrdered: the waiter and every signaller run in a synctest bubble, and every signaller sleeps or calls
// synctest.Wait before its Signal/Broadcast.
func (r *Reporter) bubbleOrdered(wait ssa.Instruction, signals []*facts.SyncSite) bool {
	if !r.inBubble(wait.Parent(), 0) {
		return false
	}
	for _, sig := range signals {
		if !r.inBubble(sig.Instr.Parent(), 0) || !settledBefore(sig.Instr) {
			return false
		}
	}
	return true
}

// inBubble: fn is a function literal given to synctest.Test or synctest.Run, or every static caller of fn (a
// call or a go statement: goroutines started in a bubble belong to it) runs in a bubble.
func (r *Reporter) inBubble(fn *ssa.Function, depth int) bool {
	if depth > maxCallDepth {
		return false
	}
	if parent := fn.Parent(); parent != nil {
		for _, b := range parent.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && isSynctest(call.Call.StaticCallee(), "Test", "Run") && givesFunc(call, fn) {
					return true
				}
			}
		}
	}
	callers := r.P.Callers[fn]
	if len(callers) == 0 || len(r.P.DynCallers(fn)) > 0 {
		return false
	}
	for _, c := range callers {
		if !r.inBubble(c.Parent(), depth+1) {
			return false
		}
	}
	return true
}

func givesFunc(call *ssa.Call, fn *ssa.Function) bool {
	for _, a := range call.Call.Args {
		if mc, ok := a.(*ssa.MakeClosure); ok && mc.Fn == fn || a == fn {
			return true
		}
	}
	return false
}

// settledBefore: a time.Sleep or synctest.Wait comes first on every way to instr in its function.
func settledBefore(instr ssa.Instruction) bool {
	for _, b := range instr.Parent().Blocks {
		for i, x := range b.Instrs {
			call, ok := x.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			sleep := callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "time" && callee.Name() == "Sleep"
			if !sleep && !isSynctest(callee, "Wait") {
				continue
			}
			if b == instr.Block() && i < facts.Index(instr) || b != instr.Block() && b.Dominates(instr.Block()) {
				return true
			}
		}
	}
	return false
}

func isSynctest(fn *ssa.Function, names ...string) bool {
	if fn == nil || fn.Pkg == nil {
		return false
	}
	if path := fn.Pkg.Pkg.Path(); path != "testing/synctest" && path != "internal/synctest" {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// resentOnTick: some signal sits in a loop that waits on a time.Ticker's channel on its way round (ants' purge
// goroutine: `for { select { case <-ticker.C: }; …; if waiting > 0 { cond.Broadcast() } }`). A Wait that missed
// one wake-up gets the next tick's, so nothing is lost for good.
func (r *Reporter) resentOnTick(signals []*facts.SyncSite) bool {
	for _, sig := range signals {
		if !r.P.InLoop(sig.Instr) {
			continue
		}
		for _, b := range sig.Instr.Parent().Blocks {
			for _, instr := range b.Instrs {
				if tickerRecv(instr) && r.P.Reaches(instr, sig.Instr) && r.P.Reaches(sig.Instr, instr) {
					return true
				}
			}
		}
	}
	return false
}

// tickerRecv: a receive (plain or a select case) from a time.Ticker's C field.
func tickerRecv(instr ssa.Instruction) bool {
	var chans []ssa.Value
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			chans = append(chans, in.X)
		}
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.RecvOnly {
				chans = append(chans, st.Chan)
			}
		}
	}
	for _, ch := range chans {
		load, ok := ch.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			continue
		}
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			if ptr, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
				if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Pkg() != nil &&
					named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Ticker" {
					return true
				}
			}
		}
	}
	return false
}
