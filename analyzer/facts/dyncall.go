package facts

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Dynamic calls: a call through a func value (a parameter, a struct field holding a callback, a bound method
// stored for later) or through an interface. One resolver serves every rule (lock facts, goroutine runs, channel
// partners). Its targets come from the alias classes: the functions and closures that flow into the called
// value's class, and the concrete types converted into the interface's class (MakeInterface). The classes are
// type-blind (a container, an `any` or a shared helper's parameter merges values of several types), so a target
// must also fit the call: a function value's signature is the called value's, a concrete type implements the
// called interface (an `http2.Frame`'s Header is not a stream's Header because both merged into one class).
// Nothing flows in from outside the analysed code, so a callback the caller never sees has no target (no guess
// over all implementations).

// maxTargets caps the targets the lock facts merge at one call (more says the class is too merged to be useful).
const maxTargets = 8

type dynIndex struct {
	funcs map[int][]*ssa.Function
	types map[int][]types.Type
	// bound are the functions of a class that flow in only as a bound method or method expression (`r.run`
	// handed to a helper), not as themselves.
	bound map[int]map[*ssa.Function]bool
	// callers are the plain calls (not go or defer statements, not interface calls) through a function value, by
	// target: the inverse of Targets.
	callers map[*ssa.Function][]*ssa.Call
}

func (p *Program) dyn() *dynIndex {
	if p.dynIdx != nil {
		return p.dynIdx
	}
	d := &dynIndex{funcs: map[int][]*ssa.Function{}, types: map[int][]types.Type{}, bound: map[int]map[*ssa.Function]bool{}}
	direct := map[int]map[*ssa.Function]bool{}
	addFn := func(class int, fn *ssa.Function) {
		wrapped := fn.Synthetic != ""
		fn = unwrap(fn)
		if fn == nil || !p.inScope[fn] {
			return
		}
		if direct[class] == nil {
			direct[class], d.bound[class] = map[*ssa.Function]bool{}, map[*ssa.Function]bool{}
		}
		if wrapped && !direct[class][fn] {
			d.bound[class][fn] = true
		} else if !wrapped {
			direct[class][fn] = true
			delete(d.bound[class], fn)
		}
		for _, f := range d.funcs[class] {
			if f == fn {
				return
			}
		}
		d.funcs[class] = append(d.funcs[class], fn)
	}
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.MakeClosure:
					if f, ok := in.Fn.(*ssa.Function); ok && !CallsOnly(in) {
						addFn(p.C.Of(in), f)
					}
					continue
				case *ssa.MakeInterface:
					c := p.C.Of(in)
					t := in.X.Type()
					if _, isIface := t.Underlying().(*types.Interface); !isIface && !hasType(d.types[c], t) {
						d.types[c] = append(d.types[c], t)
					}
				}
				// A function used as a value (stored, passed, converted), not called.
				var callee ssa.Value
				if call, ok := instr.(ssa.CallInstruction); ok {
					callee = call.Common().Value
				}
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == nil || *op == callee {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok {
						addFn(p.C.Of(f), f)
					}
				}
			}
		}
	}
	p.dynIdx = d
	return d
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

func hasType(list []types.Type, t types.Type) bool {
	for _, x := range list {
		if types.Identical(x, t) {
			return true
		}
	}
	return false
}

// unwrap maps a bound-method or interface wrapper to the method it calls.
func unwrap(fn *ssa.Function) *ssa.Function {
	if fn.Synthetic == "" {
		return fn
	}
	if !strings.HasPrefix(fn.Synthetic, "bound method wrapper") && !strings.HasPrefix(fn.Synthetic, "wrapper for") {
		return nil
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if f := call.Common().StaticCallee(); f != nil {
					return unwrap(f)
				}
			}
		}
	}
	return nil
}

// Targets lists the analysed functions a call with no static callee may reach (any number; none when nothing in
// the analysed code flows into the called value).
func (p *Program) Targets(common *ssa.CallCommon) []*ssa.Function {
	if fn, _ := Callee(common); fn != nil {
		return nil
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return nil
	}
	d := p.dyn()
	class := p.C.Of(common.Value)
	var out []*ssa.Function
	if common.IsInvoke() {
		iface, _ := common.Value.Type().Underlying().(*types.Interface)
		for _, t := range d.types[class] {
			if iface != nil && !types.Implements(t, iface) {
				continue
			}
			if f := p.method(t, common.Method); f != nil && p.inScope[f] {
				out = append(out, f)
			}
		}
		return out
	}
	sig, _ := common.Value.Type().Underlying().(*types.Signature)
	for _, f := range d.funcs[class] {
		if sig == nil || sameSignature(f.Signature, sig) {
			out = append(out, f)
		}
	}
	return out
}

// DynTargets is Targets for the lock facts, capped: at most maxTargets distinct sources, else only the targets
// outside _test.go files when those fit, else none (capTargets).
func (p *Program) DynTargets(common *ssa.CallCommon) []*ssa.Function {
	return p.capTargets(p.Targets(common))
}

// DynCallers are the plain calls that reach fn through a function value (the inverse of Targets), except through
// a bound method value: the rules that ask which goroutine runs a function (Runs) tell goroutines apart by go
// statement, not by instance, so `r.goFunc(r.run)` followed back would make a method that production starts this
// way and a test starts on its own goroutine look like two loops racing on one state (hashicorp/raft: three
// false GG013 findings).
func (p *Program) DynCallers(fn *ssa.Function) []*ssa.Call {
	d := p.dyn()
	if d.callers == nil {
		d.callers = map[*ssa.Function][]*ssa.Call{}
		for _, f := range p.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok || call.Call.IsInvoke() {
						continue
					}
					bound := d.bound[p.C.Of(call.Call.Value)]
					for _, t := range p.Targets(&call.Call) {
						if !bound[t] && p.Coexist(f, t) {
							d.callers[t] = append(d.callers[t], call)
						}
					}
				}
			}
		}
	}
	return d.callers[fn]
}

// sameSignature: a function (a method value's receiver bound, a closure's free variables captured) fits a call
// of a value of type sig.
func sameSignature(fn, sig *types.Signature) bool {
	if fn.Recv() != nil {
		fn = types.NewSignatureType(nil, nil, nil, fn.Params(), fn.Results(), fn.Variadic())
	}
	return types.Identical(fn, sig)
}

// method is t's implementation of an interface method (nil when t has none or it cannot be built).
func (p *Program) method(t types.Type, m *types.Func) (out *ssa.Function) {
	sel := p.Prog.MethodSets.MethodSet(t).Lookup(m.Pkg(), m.Name())
	if sel == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil // a parameterized type: no single implementation
		}
	}()
	if fn := p.Prog.MethodValue(sel); fn != nil {
		return unwrap(fn)
	}
	return nil
}

// Closures lists the MakeClosure instructions that make fn (in its parent function).
func (p *Program) Closures(fn *ssa.Function) []*ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var out []*ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				out = append(out, mc)
			}
		}
	}
	return out
}
