package rules

// GG002 (deep) — a goroutine's select whose ways out can never be taken.
//
// A goroutine waits in a select (no default). Outside a loop every case is a way out; in a loop, the cases whose
// body leaves the loop are, and every exit of the loop must be one of them. When each way out waits on a channel
// no partner will ever complete — a receive on a channel nothing closes and nothing sends on, a send on a channel
// nothing receives from, or one whose only partners sit in functions nothing in the analysed code calls while the
// package itself starts this goroutine — the goroutine never leaves: it is parked at the select for good (the
// quit case of an event loop whose owner's Stop forgets to close the component). Channels that leave the analysed
// code (ctx.Done(), timers, exported fields, channels passed to code we do not have, a send on a channel an
// exported method returns receive-only) may fire and clear the finding, as do partners in exported functions and
// exported methods of exported types outside package main when the package hands the goroutine's object back to
// its caller instead of keeping it (the library's user owns it and calls them: raft's `NetworkTransport.Close`),
// and code that lives as long as the process.

import (
	"fmt"
	"go/types"
	"strings"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg002Select(r *Reporter) {
	refs := newRefIndex(r.P)
	seen := map[*ssa.Select]bool{}
	for _, op := range r.P.ChanOps {
		sel := op.Select
		if sel == nil || seen[sel] || !sel.Blocking {
			continue
		}
		seen[sel] = true
		fn := sel.Parent()
		runs := r.P.Runs(fn, maxCallDepth)
		if len(runs) == 0 || r.P.ProcessLifetime(fn) {
			continue
		}
		exits, ok := selectExits(sel)
		if !ok || len(exits) == 0 {
			continue
		}
		var why []string
		var related []protocol.Related
		dead := true
		for _, k := range exits {
			reason, rel, ok := r.deadCase(sel, k, runs, refs)
			if !ok {
				dead = false
				break
			}
			why = append(why, reason)
			related = append(related, rel...)
		}
		if !dead {
			continue
		}
		what := "its ways out never fire"
		if _, loop := inLoop(sel); loop {
			what = "the loop's only ways out never fire"
		}
		f := protocol.Finding{
			Message: fmt.Sprintf("the goroutine waits in this select forever: %s (%s)", what, strings.Join(why, "; ")),
			Related: append([]protocol.Related{r.Related(runs[0].Go.Parent(), runs[0].Go.Pos(), "goroutine started here")}, related...),
		}
		r.Report(fn, sel.Pos(), f)
	}
}

func inLoop(sel *ssa.Select) (map[*ssa.BasicBlock]bool, bool) {
	loop := facts.LoopBlocks(sel.Block())
	return loop, loop != nil
}

// selectExits are the indexes of the cases that leave: all of them outside a loop; in a loop, those whose body
// leads out of it. ok is false when the loop has another exit (a condition, another select's case).
func selectExits(sel *ssa.Select) ([]int, bool) {
	loop, in := inLoop(sel)
	if !in {
		var all []int
		for k := range sel.States {
			all = append(all, k)
		}
		return all, true
	}
	bodies := selectBodies(sel)
	exit := map[int]bool{}
	var leave func(b, s *ssa.BasicBlock) bool
	leave = func(b, s *ssa.BasicBlock) bool {
		if loop[s] || panics(s) {
			return true
		}
		if dispatches(s, sel) { // the rest of the select's dispatch, outside the loop: follow it to the cases
			for _, t := range s.Succs {
				if !leave(s, t) {
					return false
				}
			}
			return true
		}
		for k, body := range bodies {
			if body != nil && (body.Dominates(b) || body.Dominates(s)) {
				exit[k] = true
				return true
			}
		}
		return false
	}
	for b := range loop {
		for _, s := range b.Succs {
			if !leave(b, s) {
				return nil, false
			}
		}
	}
	var out []int
	for k := range sel.States {
		if exit[k] {
			out = append(out, k)
		}
	}
	return out, true
}

// dispatches: b is a step of sel's dispatch (`if index == k goto case k else next`).
func dispatches(b *ssa.BasicBlock, sel *ssa.Select) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	ex, ok := cmp.X.(*ssa.Extract)
	return ok && ex.Tuple == sel && ex.Index == 0
}

// selectBodies are the first blocks of each case's body (nil when not found).
func selectBodies(sel *ssa.Select) []*ssa.BasicBlock {
	out := make([]*ssa.BasicBlock, len(sel.States))
	for _, st := range sel.States {
		for _, first := range caseBodies(&facts.ChanOp{Select: sel, Pos: st.Pos, Chan: st.Chan}) {
			if len(first.Block().Preds) != 1 {
				continue // an empty body: the dispatch jumps straight to where the case goes on
			}
			for k, s := range sel.States {
				if s.Pos == st.Pos && s.Chan == st.Chan {
					out[k] = first.Block()
				}
			}
		}
	}
	return out
}

// deadCase: case k of sel can never proceed — its channel stays in the analysed code and has no partner that
// will ever run. The reason names the channel for the message.
func (r *Reporter) deadCase(sel *ssa.Select, k int, runs []facts.Run, refs *refIndex) (string, []protocol.Related, bool) {
	st := sel.States[k]
	class := r.P.C.Of(st.Chan)
	if r.P.Escaped(class) || st.Dir == types.SendOnly && r.P.ReceivedOutside(class) {
		return "", nil, false
	}
	name := "`" + chanName(st.Chan) + "`"
	want := map[string]bool{"send": true, "close": true}
	verb, only := "no code that is called sends on or closes "+name, name+" is sent on or closed only in "
	if st.Dir == types.SendOnly {
		want = map[string]bool{"recv": true}
		verb, only = "no code that is called receives from "+name, name+" is received from only in "
	}
	var idle []*ssa.Function
	for _, o := range r.P.OpsOn(class) {
		if !want[o.Kind] {
			continue
		}
		f := o.Instr.Parent()
		for f.Parent() != nil {
			f = f.Parent()
		}
		if refs.mayRun(f) || facts.OutsideEntry(f) && handedOut(r.P, runs) {
			return "", nil, false // called here, or by the library's user (an exported Close of an exported type)
		}
		idle = append(idle, f)
	}
	if len(idle) == 0 {
		return verb, nil, true
	}
	// Partners only in functions nobody calls: a leak when the package itself starts this goroutine (a library
	// that only exports the constructor and the stop method leaves the pairing to its user).
	started := false
	for _, run := range runs {
		root := run.Go.Parent()
		for root.Parent() != nil {
			root = root.Parent()
		}
		if len(r.P.Callers[root]) > 0 {
			started = true
		}
	}
	if !started {
		return "", nil, false
	}
	var rel []protocol.Related
	names := map[string]bool{}
	var list []string
	for _, f := range idle {
		if !names[f.Name()] {
			names[f.Name()] = true
			list = append(list, f.Name())
			rel = append(rel, r.Related(f, f.Pos(), fmt.Sprintf("the only partner of %s, never called", name)))
		}
	}
	return fmt.Sprintf("%s%s, which nothing in the analysed code calls", only, strings.Join(list, ", ")), rel, true
}

// handedOut: every goroutine in runs belongs to an object the package hands back to its caller (so its user,
// who can call the exported stop method, owns it).
func handedOut(p *facts.Program, runs []facts.Run) bool {
	for _, run := range runs {
		if !p.HandedToCaller(run.Go, 3) {
			return false
		}
	}
	return len(runs) > 0
}

// refIndex says which functions may run although no static call reaches them.
type refIndex struct {
	p          *facts.Program
	values     map[*ssa.Function]bool // used as a value: passed, stored, a method value's target
	ifaceTypes map[string]bool        // types converted to an interface (their methods may be called through it)
	bound      map[*types.Func]bool   // methods taken as bound method values (`x.Close` as a func)
}

func newRefIndex(p *facts.Program) *refIndex {
	x := &refIndex{p: p, values: map[*ssa.Function]bool{}, ifaceTypes: map[string]bool{}, bound: map[*types.Func]bool{}}
	for _, f := range p.Funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					x.markIface(mi.X.Type(), 3)
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if w, ok := mc.Fn.(*ssa.Function); ok && w.Synthetic != "" {
						if obj, ok := w.Object().(*types.Func); ok {
							x.bound[obj] = true
						}
					}
				}
				for _, v := range instr.Operands(nil) {
					if target, ok := (*v).(*ssa.Function); ok && !isCallee(instr, target) {
						x.values[target] = true
					}
				}
			}
		}
	}
	return x
}

// markIface records a type converted to an interface, and the types it embeds: their promoted methods are in
// its method set.
func (x *refIndex) markIface(t types.Type, depth int) {
	x.ifaceTypes[baseTypeName(t)] = true
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth == 0 {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Embedded() {
			x.markIface(f.Type(), depth-1)
		}
	}
}

// mayRun: fn can run — something calls it (statically or through a function value), it is used as a value or
// a bound method value, an interface may dispatch to it, or it is an entry point (main, init, tests,
// benchmarks, examples, fuzz targets).
func (x *refIndex) mayRun(fn *ssa.Function) bool {
	if len(x.p.Callers[fn]) > 0 || len(x.p.DynCallers(fn)) > 0 || x.p.ProcessLifetime(fn) || x.values[fn] {
		return true
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		for _, prefix := range []string{"Test", "Benchmark", "Example", "Fuzz"} {
			if strings.HasPrefix(fn.Name(), prefix) {
				return true
			}
		}
		return false
	}
	obj, _ := fn.Object().(*types.Func)
	return x.ifaceTypes[baseTypeName(recv.Type())] || obj != nil && x.bound[obj]
}

func isCallee(instr ssa.Instruction, fn *ssa.Function) bool {
	call, ok := instr.(ssa.CallInstruction)
	return ok && call.Common().Value == fn
}

// baseTypeName names a type without its pointer: *T and T share their method sets' interface conversions.
func baseTypeName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.TypeString(t, nil)
}
