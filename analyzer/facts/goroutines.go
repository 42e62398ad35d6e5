package facts

import "golang.org/x/tools/go/ssa"

// Which goroutine runs a function: the go statements that start it directly, through calls of named functions
// and methods, or through function values (a closure stored in a field and called from there: the alias classes
// say which function values a dynamic call may reach).

// DynCallers are the call sites that reach fn through a function value (not a static call).
func (p *Program) DynCallers(fn *ssa.Function) []*ssa.Call {
	if p.dynCallers == nil {
		p.dynCallers = map[*ssa.Function][]*ssa.Call{}
		byClass := map[int][]*ssa.Function{}
		for _, f := range p.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeClosure); ok {
						if target, ok := mc.Fn.(*ssa.Function); ok && !CallsOnly(mc) {
							c := p.C.Of(mc)
							byClass[c] = append(byClass[c], target)
						}
					}
					for _, v := range instr.Operands(nil) {
						if target, ok := (*v).(*ssa.Function); ok && p.InScope(target) && !isCallee(instr, target) {
							c := p.C.Of(target)
							byClass[c] = append(byClass[c], target)
						}
					}
				}
			}
		}
		for _, f := range p.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok || call.Call.IsInvoke() {
						continue
					}
					switch call.Call.Value.(type) {
					case *ssa.Function, *ssa.MakeClosure, *ssa.Builtin:
						continue
					}
					for _, target := range byClass[p.C.Of(call.Call.Value)] {
						if p.Coexist(f, target) {
							p.dynCallers[target] = append(p.dynCallers[target], call)
						}
					}
				}
			}
		}
	}
	return p.dynCallers[fn]
}

// CallsOnly: a closure that is only called in place (or deferred), never stored, passed or returned.
func CallsOnly(mc *ssa.MakeClosure) bool {
	for _, ref := range *mc.Referrers() {
		call, ok := ref.(ssa.CallInstruction)
		if !ok || call.Common().Value != mc {
			return false
		}
	}
	return true
}

func isCallee(instr ssa.Instruction, fn *ssa.Function) bool {
	call, ok := instr.(ssa.CallInstruction)
	return ok && call.Common().Value == fn
}

// ValueCallTargets are the functions a call through a function value may reach (the inverse of DynCallers; no
// interface calls and no cap on the count, unlike DynTargets, which the lock facts use).
func (p *Program) ValueCallTargets(call ssa.CallInstruction) []*ssa.Function {
	if p.dynTargets == nil {
		p.dynTargets = map[ssa.CallInstruction][]*ssa.Function{}
		p.DynCallers(nil)
		for fn, calls := range p.dynCallers {
			for _, c := range calls {
				p.dynTargets[c] = append(p.dynTargets[c], fn)
			}
		}
	}
	return p.dynTargets[call]
}

// Run is how a goroutine reaches an operation: the go statement, then the calls from the started function down
// to the operation's function (empty when the go statement starts that function itself).
type Run struct {
	Go    *ssa.Go
	Calls []*ssa.Call
}

// Runs lists the goroutines that execute fn, through at most depth calls (static or through function values).
// Nil when some way into fn does not start from a go statement within that depth (fn may also run on its
// caller's goroutine, or is called from code we do not see).
func (p *Program) Runs(fn *ssa.Function, depth int) []Run {
	var out []Run
	for _, g := range p.GoSites(fn) {
		out = append(out, Run{Go: g})
	}
	var calls []*ssa.Call
	for _, c := range p.Callers[fn] {
		switch c := c.(type) {
		case *ssa.Call:
			calls = append(calls, c)
		case *ssa.Defer:
			return nil
		}
	}
	calls = append(calls, p.DynCallers(fn)...)
	if len(out) == 0 && len(calls) == 0 {
		return nil
	}
	for _, c := range calls {
		if depth == 0 {
			return nil
		}
		up := p.Runs(c.Parent(), depth-1)
		if up == nil {
			return nil
		}
		for _, u := range up {
			out = append(out, Run{Go: u.Go, Calls: append(append([]*ssa.Call(nil), u.Calls...), c)})
		}
	}
	return out
}
