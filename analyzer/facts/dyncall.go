package facts

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Dynamic calls: a call through a func value (a parameter, a struct field holding a callback, a bound method
// stored for later) or through an interface. Their targets come from the alias classes: the functions and
// closures that flow into the called value's class, and the concrete types converted into the interface's class
// (MakeInterface). Nothing flows in from outside the analysed code, so a callback the caller never sees has no
// target (no guess over all implementations).

const maxTargets = 8

type dynIndex struct {
	funcs map[int][]*ssa.Function
	types map[int][]types.Type
}

func (p *Program) dyn() *dynIndex {
	if p.dynIdx != nil {
		return p.dynIdx
	}
	d := &dynIndex{funcs: map[int][]*ssa.Function{}, types: map[int][]types.Type{}}
	addFn := func(class int, fn *ssa.Function) {
		fn = unwrap(fn)
		if fn == nil || !p.inScope[fn] {
			return
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
					if f, ok := in.Fn.(*ssa.Function); ok {
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

// DynTargets lists the analysed functions a call with no static callee may reach (at most maxTargets sources;
// none when it has more, or when nothing in the analysed code flows into the called value; see capTargets).
func (p *Program) DynTargets(common *ssa.CallCommon) []*ssa.Function {
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
		for _, t := range d.types[class] {
			if f := p.method(t, common.Method); f != nil && p.inScope[f] {
				out = append(out, f)
			}
		}
	} else {
		out = d.funcs[class]
	}
	return p.capTargets(out)
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
