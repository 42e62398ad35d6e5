package rules

// GG013 (deep) — a loop's only way out is a receive on a channel field that another function sets to nil.
//
// A goroutine (started by go, directly or through calls) loops, re-reading a channel field (directly or through a getter) each time round, and leaves only
// when that channel delivers (typically a `done` closed on shutdown). Another function stores nil into the
// field — `close(n.done); n.done = nil`. If the loop re-reads the field after the nil store, it waits on a nil
// channel: a receive from nil blocks forever, and the exit is never taken. Goroutines waiting for the loop to
// finish (a Wait on the WaitGroup it calls Done on in a defer, a receive on a channel it closes in a defer) are
// related locations.

import (
	"fmt"
	"go/token"
	"go/types"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg013(r *Reporter) {
	nils := map[int][]*ssa.Store{}
	for _, fn := range r.P.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				if _, field := st.Addr.(*ssa.FieldAddr); !field || !facts.IsChan(st.Val.Type()) {
					continue
				}
				if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
					cls := r.P.C.Of(st.Val)
					nils[cls] = append(nils[cls], st)
				}
			}
		}
	}
	if len(nils) == 0 {
		return
	}
	for _, op := range r.P.ChanOps {
		if op.Kind != "recv" {
			continue
		}
		stores := nils[r.P.C.Of(op.Chan)]
		if len(stores) == 0 {
			continue
		}
		fn := op.Instr.Parent()
		runs := r.P.Runs(fn, maxCallDepth)
		if len(runs) == 0 {
			continue // the loop must run on a goroutine of its own, concurrently with the nil store
		}
		loop := facts.LoopBlocks(op.Instr.Block())
		read, ok := op.Chan.(ssa.Instruction)
		if loop == nil || !ok || !loop[read.Block()] || !onlyExitVia(loop, op) {
			continue
		}
		var other *ssa.Store
		for _, st := range stores {
			fa := st.Addr.(*ssa.FieldAddr)
			if !readsField(op.Chan, facts.FieldOf(fa), maxCallDepth, map[ssa.Value]bool{}) {
				continue // the loop reads a copy (a local given the channel elsewhere): the nil changes the field only
			}
			if st.Parent() != fn && !r.finishedBefore(fn, st) && !sameGoroutine(runs, r.P.Runs(st.Parent(), maxCallDepth)) {
				other = st
			}
		}
		if other == nil {
			continue
		}
		name := Short(facts.Describe(other.Addr))
		f := protocol.Finding{
			Message: fmt.Sprintf("this loop leaves only through the receive on `%s`, which it re-reads each time round, and %s sets `%s` to nil (%s): read after that, the receive waits on a nil channel forever",
				name, DumpName(other.Parent()), name, r.Line(other.Pos())),
			Related: []protocol.Related{r.Related(other.Parent(), other.Pos(), fmt.Sprintf("`%s` set to nil here", name))},
		}
		f.Related = append(f.Related, r.waitersFor(fn)...)
		r.Report(fn, op.Pos, f)
	}
}

// readsField: v is a load of field f, directly or through the value a getter returns (up to depth calls deep),
// so re-evaluating v sees a nil stored into f. A local that was given the field's channel elsewhere is not.
func readsField(v ssa.Value, f *types.Var, depth int, seen map[ssa.Value]bool) bool {
	if f == nil || seen[v] {
		return false
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.UnOp:
		fa, ok := x.X.(*ssa.FieldAddr)
		return ok && x.Op == token.MUL && facts.FieldOf(fa) == f
	case *ssa.ChangeType:
		return readsField(x.X, f, depth, seen)
	case *ssa.Phi:
		for _, e := range x.Edges {
			if readsField(e, f, depth, seen) {
				return true
			}
		}
	case *ssa.Call:
		return returns(x, 0, f, depth, seen)
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			return returns(call, x.Index, f, depth, seen)
		}
	}
	return false
}

// returns: the function call statically reaches returns a load of f as its i-th result on some path.
func returns(call *ssa.Call, i int, f *types.Var, depth int, seen map[ssa.Value]bool) bool {
	callee, _ := facts.Callee(call.Common())
	if callee == nil || depth == 0 {
		return false
	}
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		res := ret.Results[i]
		if readsField(res, f, depth-1, seen) {
			return true
		}
		// With a defer the result goes through a local slot of the callee: what it stores there is what it returns.
		if load, ok := res.(*ssa.UnOp); ok && load.Op == token.MUL {
			if slot, ok := load.X.(*ssa.Alloc); ok && slot.Parent() == callee {
				for _, ref := range *slot.Referrers() {
					if st, ok := ref.(*ssa.Store); ok && st.Addr == slot && readsField(st.Val, f, depth-1, seen) {
						return true
					}
				}
			}
		}
	}
	return false
}

// onlyExitVia: every edge out of the loop is taken only after op delivered (op's select case, or the code after
// a plain receive), or leads to a panic.
func onlyExitVia(loop map[*ssa.BasicBlock]bool, op *facts.ChanOp) bool {
	var taken []*ssa.BasicBlock
	if op.Select == nil {
		taken = []*ssa.BasicBlock{op.Instr.Block()}
	} else {
		for _, first := range caseBodies(op) {
			// A case body is entered only from the select's dispatch (its immediate dominator, an If). A body that
			// jumps straight to a label before the loop (`case <-reset: goto RESET`) makes the label's block the
			// "body", which the loop is entered through anyway: it does not show the receive delivered.
			if b := first.Block(); dispatched(b) {
				taken = append(taken, b)
			}
		}
	}
	after := func(s *ssa.BasicBlock) bool {
		for _, t := range taken {
			if t.Dominates(s) {
				return true
			}
		}
		return false
	}
	left := false
	for b := range loop {
		for _, s := range b.Succs {
			if loop[s] || panics(s) {
				continue
			}
			if !after(s) && !dispatchTo(s, after) {
				return false
			}
			left = true
		}
	}
	return left
}

// dispatched: b's immediate dominator is a predecessor ending in an If (the select's dispatch on its index).
func dispatched(b *ssa.BasicBlock) bool {
	d := b.Idom()
	if d == nil {
		return false
	}
	for _, p := range b.Preds {
		if p == d {
			_, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
			return ok
		}
	}
	return false
}

// dispatchTo: s is a select's dispatch block (`if idx == k goto case k else next`) whose every way on satisfies
// ok or panics.
func dispatchTo(s *ssa.BasicBlock, ok func(*ssa.BasicBlock) bool) bool {
	iff, isIf := s.Instrs[len(s.Instrs)-1].(*ssa.If)
	if !isIf {
		return false
	}
	cmp, isCmp := iff.Cond.(*ssa.BinOp)
	if !isCmp || cmp.Op != token.EQL {
		return false
	}
	ex, isEx := cmp.X.(*ssa.Extract)
	if !isEx || ex.Index != 0 {
		return false
	}
	if _, isSel := ex.Tuple.(*ssa.Select); !isSel {
		return false
	}
	next := func(b *ssa.BasicBlock) bool { return ok(b) || panics(b) || dispatchTo(b, ok) }
	return next(s.Succs[0]) && next(s.Succs[1])
}

// finishedBefore: instr runs only after fn's goroutine has finished: a Wait on the WaitGroup fn calls Done on in
// a defer, or a receive on a channel fn closes in a defer, comes first on every path to instr.
func (r *Reporter) finishedBefore(fn *ssa.Function, instr ssa.Instruction) bool {
	chans, wgs := r.finishSignals(fn)
	first := func(x ssa.Instruction) bool {
		if x.Block() == instr.Block() {
			return facts.Index(x) < facts.Index(instr)
		}
		return x.Block().Dominates(instr.Block())
	}
	for _, s := range r.P.Sync {
		if s.Op.Type == "WaitGroup" && s.Op.Method == "Wait" && s.Instr.Parent() == instr.Parent() && wgs[r.P.C.Of(s.Op.Recv)] && first(s.Instr) {
			return true
		}
	}
	for _, o := range r.P.ChanOps {
		if o.Kind == "recv" && o.Select == nil && o.Instr.Parent() == instr.Parent() && chans[r.P.C.Of(o.Chan)] && first(o.Instr) {
			return true
		}
	}
	return false
}

// sameGoroutine: the two sets of runs share a go statement (the store and the loop run one after the other).
func sameGoroutine(a, b []facts.Run) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Go == y.Go {
				return true
			}
		}
	}
	return false
}
