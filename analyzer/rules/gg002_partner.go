package rules

// GG002 (deep) — a receive whose only senders are goroutines that can finish without sending.
//
// A plain receive, outside any loop, waits for one value. Every send and close of its channel is done by
// goroutines (reached from go statements through calls), none of them in a loop, and each of those goroutines has a path from its
// start to its return that passes no send or close of the channel — no deferred close, no call of a function
// that sends on every path; the way around a switch without a default clause is not such a path (its cases are
// taken to cover the value). When a goroutine takes that path (success where only the error is reported, an early
// return before `ready()`), nothing ever arrives and the receiver waits forever. Channels handed to code
// we do not have are not reported.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg002Partner(r *Reporter) {
	for _, op := range r.P.ChanOps {
		recv, ok := op.Instr.(*ssa.UnOp)
		if !ok || op.Kind != "recv" || recv.CommaOk || r.P.InLoop(recv) || r.P.ProcessLifetime(recv.Parent()) {
			continue
		}
		class := r.P.C.Of(recv.X)
		if r.P.HandedOut(class) {
			continue
		}
		var roots []*ssa.Function
		var gos []*ssa.Go
		partners := 0
		known := true
		for _, o := range r.P.OpsOn(class) {
			if o.Kind == "recv" {
				continue
			}
			partners++
			runs := r.P.Runs(o.Instr.Parent(), maxCallDepth)
			if len(runs) == 0 || r.P.InLoop(o.Instr) {
				known = false // a send in a loop: whether it runs depends on data we cannot count
				break
			}
			for _, run := range runs {
				for _, c := range run.Calls {
					if r.P.InLoop(c) {
						known = false
					}
				}
				root, _ := facts.Callee(run.Go.Common())
				if root == nil || root == recv.Parent() {
					known = false
					break
				}
				roots = append(roots, root)
				gos = append(gos, run.Go)
			}
		}
		if !known || partners == 0 {
			continue
		}
		without := true
		for _, root := range roots {
			if mustSend(r.P, root, class, maxCallDepth, map[*ssa.Function]bool{}) {
				without = false
				break
			}
		}
		if !without {
			continue
		}
		name := "`" + Short(facts.Describe(recv.X)) + "`"
		if call, ok := recv.X.(*ssa.Call); ok && call.Call.StaticCallee() != nil {
			name = "the channel " + call.Call.StaticCallee().Name() + " returns"
		}
		f := protocol.Finding{
			Message: fmt.Sprintf("receive from %s waits for a value only goroutines send, and each of them can finish without sending or closing it (started at %s): on that path this receive blocks forever",
				name, r.Line(gos[0].Pos())),
		}
		for i, g := range gos {
			if i < 3 {
				f.Related = append(f.Related, r.Related(g.Parent(), g.Pos(), "the sending goroutine, which can return without sending"))
			}
		}
		r.Report(recv.Parent(), recv.Pos(), f)
	}
}

// mustSend: every path through fn from its entry to a return sends on or closes class, or calls a function
// that does; a deferred close or send covers every path. Paths that panic do not count.
func mustSend(p *facts.Program, fn *ssa.Function, class int, depth int, seen map[*ssa.Function]bool) bool {
	if seen[fn] || depth < 0 || len(fn.Blocks) == 0 {
		return true // recursion, or too deep to say: assume it sends
	}
	seen[fn] = true
	defer delete(seen, fn)
	covers := func(instr ssa.Instruction) bool {
		switch in := instr.(type) {
		case *ssa.Send:
			return p.C.Of(in.Chan) == class
		case *ssa.Select:
			for _, st := range in.States {
				if st.Dir == types.SendOnly && p.C.Of(st.Chan) == class {
					return true // a select that can send on it: assume the paths out of it did
				}
			}
		case ssa.CallInstruction:
			common := in.Common()
			if b, ok := common.Value.(*ssa.Builtin); ok {
				return b.Name() == "close" && len(common.Args) == 1 && p.C.Of(common.Args[0]) == class
			}
			if common.IsInvoke() {
				return true // an interface method we cannot follow: assume it sends
			}
			callee, _ := facts.Callee(common)
			if callee == nil {
				for _, t := range p.Targets(common) {
					if mustSend(p, t, class, depth-1, seen) {
						return true
					}
				}
				return false
			}
			if !p.InScope(callee) {
				return false
			}
			return mustSend(p, callee, class, depth-1, seen)
		}
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Defer); ok && covers(instr) {
				return true
			}
		}
	}
	visited := map[*ssa.BasicBlock]bool{}
	var escapes func(b *ssa.BasicBlock) bool
	escapes = func(b *ssa.BasicBlock) bool {
		if visited[b] {
			return false
		}
		visited[b] = true
		if toldToStop(p, b, class) {
			return false // the goroutine leaves on another channel's signal: a shutdown we cannot judge
		}
		for _, instr := range b.Instrs {
			if _, isDefer := instr.(*ssa.Defer); !isDefer && covers(instr) {
				return false
			}
		}
		switch b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.Return:
			return true
		case *ssa.Panic:
			return false
		}
		for _, s := range b.Succs {
			if !implicitDefault(b, s) && escapes(s) {
				return true
			}
		}
		return false
	}
	return !escapes(fn.Blocks[0])
}

// implicitDefault: b → s is the way past a `switch x { case …: }` without a default clause when x matches none
// of the cases. A switch whose every case sends, with no default, says the value is one of the cases (a scheme
// that is "http" or "https"): the goroutine finishes through a case, not around the switch.
func implicitDefault(b, s *ssa.BasicBlock) bool {
	if s.Comment != "switch.done" || len(b.Succs) != 2 || b.Succs[1] != s {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL || b.Parent().Syntax() == nil {
		return false
	}
	implicit := false
	ast.Inspect(b.Parent().Syntax(), func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag == nil {
			return true
		}
		dflt, here := false, false
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			dflt = dflt || cc.List == nil
			for _, e := range cc.List {
				here = here || e.Pos() == cmp.Pos()
			}
		}
		if here {
			implicit = !dflt
		}
		return true
	})
	return implicit
}

// toldToStop: b starts a select case that received from another channel, or receives from one itself.
func toldToStop(p *facts.Program, b *ssa.BasicBlock, class int) bool {
	for _, instr := range b.Instrs {
		if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && p.C.Of(u.X) != class {
			return true
		}
	}
	for _, pred := range b.Preds {
		iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
		if !ok || pred.Succs[0] != b {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL {
			continue
		}
		ex, ok := cmp.X.(*ssa.Extract)
		k, isConst := cmp.Y.(*ssa.Const)
		if !ok || !isConst || ex.Index != 0 {
			continue
		}
		if sel, ok := ex.Tuple.(*ssa.Select); ok {
			i := int(k.Int64())
			if i < len(sel.States) && sel.States[i].Dir == types.RecvOnly && p.C.Of(sel.States[i].Chan) != class {
				return true
			}
		}
	}
	return false
}
