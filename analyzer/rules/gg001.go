package rules

// GG001 (deep) — a goroutine's send whose receiver may have left, when the channel is unbuffered on some path.
//
// The fast engine's GG001 follows one `make`; a channel made unbuffered on one path and buffered on another
// (`ch := make(chan T); if c { ch = make(chan T, 1) }`) silences it. Here the channel's alias class says whether
// any make reaching the send is unbuffered. Reported when a function starts a goroutine that sends on such a
// channel, every other operation on the channel is in that function or that goroutine (it does not escape), and
// the function can return after the go statement without passing a receive that must happen (a plain receive;
// a select with other cases does not count). A receive in a loop is taken to match the sends (counting loops).

import (
	"fmt"
	"go/token"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg001(r *Reporter) {
	gg001Stream(r)
	for _, fn := range r.P.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok {
					continue
				}
				child, _ := facts.Callee(g.Common())
				if child == nil || !r.P.InScope(child) {
					continue
				}
				r.gg001At(fn, g, child)
			}
		}
	}
}

func (r *Reporter) gg001At(parent *ssa.Function, g *ssa.Go, child *ssa.Function) {
	for _, b := range child.Blocks {
		for _, instr := range b.Instrs {
			send, ok := instr.(*ssa.Send)
			if !ok {
				continue
			}
			class := r.P.C.Of(send.Chan)
			if !r.P.Unbuffered(class) || !madeIn(r.P.Makes(class), parent) || escapes(r.P.Makes(class), child) {
				continue
			}
			var recvs []ssa.Instruction
			local := true
			for _, o := range r.P.OpsOn(class) {
				owner := o.Instr.Parent()
				if owner != parent && owner != child || owner == child && o.Kind == "recv" {
					local = false // other functions, or other copies of the goroutine, take the values
					break
				}
				if owner == parent && o.Kind == "recv" && o.Select == nil {
					if r.P.InLoop(o.Instr) {
						local = false // a counting loop (`for i := 0; i < n; i++ { <-done }`) receives as many as were sent
						break
					}
					recvs = append(recvs, o.Instr)
				}
				if owner == parent && o.Kind == "recv" && o.Select != nil {
					recvs = append(recvs, caseBodies(o)...)
				}
			}
			if !local || !returnsWithout(g, recvs) {
				continue
			}
			name := Short(facts.Describe(send.Chan))
			r.Report(child, send.Pos(), protocol.Finding{
				Message: fmt.Sprintf("send on `%s` (unbuffered on some path) blocks forever if %s returns without receiving: no receive is certain after the go statement at %s",
					name, DumpName(parent), r.Line(g.Pos())),
				Related: []protocol.Related{r.Related(parent, g.Pos(), "goroutine started here")},
			})
		}
	}
}

// caseBodies are the first instructions of the select case that receives op (the path that took it received).
func caseBodies(op *facts.ChanOp) []ssa.Instruction {
	sel := op.Select
	k := -1
	for i, st := range sel.States {
		if st.Pos == op.Pos && st.Chan == op.Chan {
			k = i
		}
	}
	var out []ssa.Instruction
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, use := range *ex.Referrers() {
			cmp, ok := use.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Int64() != int64(k) {
				continue
			}
			for _, u := range *cmp.Referrers() {
				if iff, ok := u.(*ssa.If); ok && len(iff.Block().Succs) == 2 && len(iff.Block().Succs[0].Instrs) > 0 {
					out = append(out, iff.Block().Succs[0].Instrs[0])
				}
			}
		}
	}
	return out
}

// escapes reports a channel that leaves its function other than to the goroutine: returned, stored in a field,
// a map or a global, sent on a channel, passed to another function.
func escapes(makes []*ssa.MakeChan, child *ssa.Function) bool {
	seen := map[ssa.Value]bool{}
	var esc func(v ssa.Value) bool
	esc = func(v ssa.Value) bool {
		if seen[v] {
			return false
		}
		seen[v] = true
		for _, ref := range *v.Referrers() {
			switch in := ref.(type) {
			case *ssa.Send:
				if in.X == v {
					return true
				}
			case *ssa.Store:
				if in.Addr == v {
					continue // another value stored into the variable
				}
				if a, ok := in.Addr.(*ssa.Alloc); !ok || a.Heap && !capturedOnly(a) || esc(a) {
					return true
				}
			case *ssa.UnOp:
				if in.Op == token.MUL && esc(in) {
					return true
				}
			case *ssa.Select, *ssa.DebugRef:
			case *ssa.Phi:
				if esc(in) {
					return true
				}
			case *ssa.ChangeType:
				if esc(in) {
					return true
				}
			case *ssa.MakeClosure:
				if in.Fn != child && !facts.CallsOnly(in) {
					return true
				}
			case ssa.CallInstruction:
				common := in.Common()
				if b, ok := common.Value.(*ssa.Builtin); ok && (b.Name() == "close" || b.Name() == "len" || b.Name() == "cap") {
					continue
				}
				if fn, _ := facts.Callee(common); fn != child {
					return true
				}
			default:
				return true
			}
		}
		return false
	}
	for _, m := range makes {
		if esc(m) {
			return true
		}
	}
	return false
}

// capturedOnly: a heap variable whose address only goes to closures (captured by reference) and loads/stores.
func capturedOnly(a *ssa.Alloc) bool {
	for _, ref := range *a.Referrers() {
		switch ref.(type) {
		case *ssa.MakeClosure, *ssa.UnOp, *ssa.Store, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func madeIn(makes []*ssa.MakeChan, fn *ssa.Function) bool {
	for _, m := range makes {
		if m.Parent() != fn {
			return false
		}
	}
	return len(makes) > 0
}

// returnsWithout reports a path from the go statement to a return that passes none of recvs.
func returnsWithout(g *ssa.Go, recvs []ssa.Instruction) bool {
	stops := map[*ssa.BasicBlock]int{}
	for _, r := range recvs {
		i := facts.Index(r)
		if old, ok := stops[r.Block()]; !ok || i < old {
			stops[r.Block()] = i
		}
	}
	// The rest of the go statement's own block.
	start := g.Block()
	if i, ok := stops[start]; ok && i > facts.Index(g) {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	var visit func(b *ssa.BasicBlock, first bool) bool
	visit = func(b *ssa.BasicBlock, first bool) bool {
		if !first {
			if seen[b] {
				return false
			}
			seen[b] = true
			if _, stop := stops[b]; stop {
				return false
			}
		}
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				return true
			}
		}
		for _, s := range b.Succs {
			if visit(s, false) {
				return true
			}
		}
		return false
	}
	return visit(start, true)
}
