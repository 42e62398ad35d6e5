package rules

// GG002 (deep) — a loop that receives until the channel is closed, on a channel nothing closes.
//
// `for v := range ch` and `v, ok := <-ch; if !ok { … }` say the loop ends when the channel is closed. When no
// close of the channel exists anywhere in the analysed code — the channel is made here, kept in a struct field,
// passed between functions and methods, and never leaves the code we see — or the channel is a time.Ticker's or
// time.Timer's C (the standard library never closes those; only `v, ok := <-t.C` counts there, not the usual
// endless `for range t.C`), the loop waits in `chan receive` forever once the
// senders stop. The loop's other exits must need a value to arrive first or be error paths (`if err != nil`):
// a loop that can leave on a sentinel value is not reported. Code that lives as long as the process (main, init
// and goroutines they start) is left alone, as are channels made by a factory whose every result is kept in a
// package-level variable (workers that serve the process, like fasthttp's stackless.NewFunc). Goroutines that wait for this one to finish (a deferred close or
// Done it would run) are listed as related locations: they block too.

import (
	"fmt"
	"go/token"
	"go/types"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg002(r *Reporter) {
	gg002Signal(r)
	gg002Partner(r)
	gg002Select(r)
	gg002CtxDone(r)
	for _, op := range r.P.ChanOps {
		recv, ok := op.Instr.(*ssa.UnOp)
		if !ok || op.Kind != "recv" || !recv.CommaOk {
			continue
		}
		fn := recv.Parent()
		if r.P.ProcessLifetime(fn) {
			continue
		}
		class := r.P.C.Of(recv.X)
		name, never := facts.NeverClosed(recv.X)
		if !never {
			if r.P.Escaped(class) || r.P.Closed(class) || r.P.MadeForProcess(class) {
				continue
			}
			name = Short(facts.Describe(recv.X))
		}
		closedSucc := closedBranch(recv)
		if closedSucc == nil || never && recv.Block().Comment == "rangechan.loop" {
			continue // `for range ticker.C` is the usual endless ticker loop; only an explicit `ok` test expects a close
		}
		loop := facts.LoopBlocks(recv.Block())
		if loop == nil || !onlyClosedExits(loop, closedSucc) {
			continue
		}
		why := "nothing in the analysed code closes it"
		if never {
			why = "the standard library never closes it (Stop does not)"
		}
		f := protocol.Finding{
			Message: fmt.Sprintf("this loop ends only when `%s` is closed, and %s: once the senders stop, it waits in `chan receive` forever",
				name, why),
		}
		for _, mc := range r.P.Makes(class) {
			if !never && len(f.Related) < 2 {
				f.Related = append(f.Related, r.Related(mc.Parent(), mc.Pos(), fmt.Sprintf("`%s` made here", name)))
			}
		}
		f.Related = append(f.Related, r.waitersFor(fn)...)
		r.Report(fn, recv.Pos(), f)
	}
}

// closedBranch is the successor block the loop takes when the receive reports the channel closed: the false
// edge of `if ok`, the true edge of `if !ok`.
func closedBranch(recv *ssa.UnOp) *closedEdge {
	for _, ref := range *recv.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
			if e := okBranch(ex, nil); e != nil {
				return e
			}
		}
	}
	return nil
}

// okBranch: the edge an `if ok` / `if !ok` on the comma-ok value ok takes when the channel is closed; only ifs
// in blocks where accepts (nil: any).
func okBranch(ok *ssa.Extract, where func(*ssa.BasicBlock) bool) *closedEdge {
	in := func(b *ssa.BasicBlock) bool { return where == nil || where(b) }
	for _, use := range *ok.Referrers() {
		switch u := use.(type) {
		case *ssa.If:
			if in(u.Block()) {
				return &closedEdge{u.Block(), u.Block().Succs[1]}
			}
		case *ssa.UnOp:
			if u.Op != token.NOT {
				continue
			}
			for _, use2 := range *u.Referrers() {
				if iff, isIf := use2.(*ssa.If); isIf && in(iff.Block()) {
					return &closedEdge{iff.Block(), iff.Block().Succs[0]}
				}
			}
		}
	}
	return nil
}

// closedEdge is the edge taken when the channel is closed.
type closedEdge struct{ from, to *ssa.BasicBlock }

// onlyClosedExits: every edge out of the loop is the closed edge, an error path (`if err != nil`, `if err ==
// nil`) or leads to a panic.
func onlyClosedExits(loop map[*ssa.BasicBlock]bool, closed *closedEdge) bool {
	left := false
	for b := range loop {
		for _, s := range b.Succs {
			if loop[s] {
				continue
			}
			switch {
			case b == closed.from && s == closed.to:
				left = true
			case errorTest(b), panics(s):
			default:
				return false
			}
		}
	}
	return left
}

var errorType = types.Universe.Lookup("error").Type()

// errorTest: the block ends in `if x == nil` / `if x != nil` on an error value.
func errorTest(b *ssa.BasicBlock) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return false
	}
	return types.Identical(cmp.X.Type(), errorType) || types.Identical(cmp.Y.Type(), errorType)
}

func panics(b *ssa.BasicBlock) bool {
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok
}

// waitersFor lists where other goroutines wait for fn's goroutine to finish: a receive on a channel fn closes in
// a defer, or a Wait on a WaitGroup fn calls Done on in a defer.
func (r *Reporter) waitersFor(fn *ssa.Function) []protocol.Related {
	var out []protocol.Related
	chans, wgs := r.finishSignals(fn)
	for _, o := range r.P.ChanOps {
		if o.Kind == "recv" && o.Instr.Parent() != fn && chans[r.P.C.Of(o.Chan)] {
			out = append(out, r.Related(o.Instr.Parent(), o.Pos, "waits for this goroutine to finish (its deferred close), so it blocks too"))
		}
	}
	for _, w := range r.P.Sync {
		if w.Op.Type == "WaitGroup" && w.Op.Method == "Wait" && wgs[r.P.C.Of(w.Op.Recv)] {
			out = append(out, r.Related(w.Instr.Parent(), w.Instr.Pos(), "waits for this goroutine's Done, so it blocks too"))
		}
	}
	return out
}

// finishSignals are the channel classes fn closes and the WaitGroup classes it calls Done on, in a defer: what
// others can wait on to learn that fn's goroutine has finished.
func (r *Reporter) finishSignals(fn *ssa.Function) (chans, wgs map[int]bool) {
	chans, wgs = map[int]bool{}, map[int]bool{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			common := d.Common()
			if bi, ok := common.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(common.Args) == 1 {
				chans[r.P.C.Of(common.Args[0])] = true
			}
			if op, ok := facts.SyncCall(common); ok && op.Type == "WaitGroup" && op.Method == "Done" {
				wgs[r.P.C.Of(op.Recv)] = true
			}
		}
	}
	return chans, wgs
}
