package facts

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Which makes reach a channel taken out of a container type: the alias classes are instance-blind, so every
// `connRequestSet` of a program holds every channel any of them was given — a test's own `var s connRequestSet`
// filled with unbuffered channels makes `db.connRequests.TakeRandom()` look unbuffered too. A container here is a
// named struct type whose methods keep what they are given in the receiver's own memory (sealed, below); a channel
// one of its methods returns is then one of those given to its methods on the same receiver, or made inside them.

// UnbufferedReaching reports whether an unbuffered make of ch's element type may be the channel ch: UnbufferedFor,
// but through a sealed container's methods only the channels given on the same receiver count.
func (p *Program) UnbufferedReaching(ch ssa.Value) bool {
	makes, ok := p.makesReaching(ch, map[ssa.Value]bool{}, 0)
	if !ok {
		return p.UnbufferedFor(ch)
	}
	return anyUnbufferedOf(makes, ch)
}

const maxReachDepth = 4

// makesReaching follows v back to its makes through phis, conversions and sealed containers' methods; false when
// some way in is not one of those.
func (p *Program) makesReaching(v ssa.Value, seen map[ssa.Value]bool, depth int) ([]*ssa.MakeChan, bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	if depth > maxReachDepth {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.MakeChan:
		return []*ssa.MakeChan{v}, true
	case *ssa.Const:
		return nil, v.IsNil()
	case *ssa.ChangeType:
		return p.makesReaching(v.X, seen, depth)
	case *ssa.Phi:
		var out []*ssa.MakeChan
		for _, e := range v.Edges {
			m, ok := p.makesReaching(e, seen, depth)
			if !ok {
				return nil, false
			}
			out = append(out, m...)
		}
		return out, true
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return p.containerOut(call, seen, depth)
		}
	case *ssa.Call:
		return p.containerOut(v, seen, depth)
	}
	return nil, false
}

// containerOut: the makes a call of a sealed container's method can return — made in its methods, or given to
// them on the same receiver.
func (p *Program) containerOut(call *ssa.Call, seen map[ssa.Value]bool, depth int) ([]*ssa.MakeChan, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || call.Call.IsInvoke() || callee.Signature.Recv() == nil || len(call.Call.Args) == 0 {
		return nil, false
	}
	named := recvNamed(callee)
	methods := p.methodsOf(named)
	if named == nil || !p.sealed(named, methods) {
		return nil, false
	}
	at, known := p.origin(call.Call.Args[0])
	if !known {
		return nil, false
	}
	var out []*ssa.MakeChan
	for m := range methods {
		for _, b := range m.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					out = append(out, mc)
				}
			}
		}
		for _, c := range p.Callers[m] {
			args := c.Common().Args
			if o, ok := p.origin(args[0]); ok && o != at {
				continue // another instance of the container
			}
			for _, a := range args[1:] {
				if !IsChan(a.Type()) {
					continue
				}
				got, ok := p.makesReaching(a, seen, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, got...)
			}
		}
	}
	return out, true
}

func recvNamed(fn *ssa.Function) *types.Named {
	t := fn.Signature.Recv().Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
		return nil
	}
	return n
}

// methodsOf are the analysed methods declared on named (pointer or value receiver).
func (p *Program) methodsOf(named *types.Named) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	if named == nil {
		return out
	}
	for _, fn := range p.Funcs {
		if fn.Signature.Recv() != nil && fn.Parent() == nil && recvNamed(fn) == named {
			out[fn] = true
		}
	}
	return out
}

// sealed: what the container holds is reached only through its methods, on one receiver at a time — its methods
// are called directly (never as values or through an interface: no conversion of the type to one), take nothing
// besides channels that could hold a channel, touch no package variable and call nothing but each other, builtins
// and functions that neither get nor return anything that could hold a channel (`rand.IntN`); and no code outside
// them writes a field they use.
func (p *Program) sealed(named *types.Named, methods map[*ssa.Function]bool) bool {
	if s, ok := p.sealedT[named]; ok {
		return s
	}
	if p.sealedT == nil {
		p.sealedT = map[*types.Named]bool{}
	}
	s := p.isSealed(named, methods)
	p.sealedT[named] = s
	return s
}

func (p *Program) isSealed(named *types.Named, methods map[*ssa.Function]bool) bool {
	if len(methods) == 0 {
		return false
	}
	fields := map[*types.Var]bool{}
	for m := range methods {
		if len(p.DynCallers(m)) > 0 {
			return false
		}
		for _, prm := range m.Params[1:] {
			if !IsChan(prm.Type()) && mayHoldChan(prm.Type(), 0) {
				return false
			}
		}
		for _, b := range m.Blocks {
			for _, instr := range b.Instrs {
				if !p.sealedInstr(instr, methods, fields) {
					return false
				}
			}
		}
	}
	for _, fn := range p.Funcs {
		if methods[fn] {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if !p.keepsOut(instr, named, methods, fields) {
					return false
				}
			}
		}
	}
	return true
}

func (p *Program) sealedInstr(instr ssa.Instruction, methods map[*ssa.Function]bool, fields map[*types.Var]bool) bool {
	switch in := instr.(type) {
	case *ssa.FieldAddr:
		fields[fieldVar(in.X.Type(), in.Field)] = true
	case *ssa.Field:
		fields[fieldVar(in.X.Type(), in.Field)] = true
	case *ssa.MakeClosure, *ssa.Go, *ssa.Defer, *ssa.Send, *ssa.Select:
		return false
	case ssa.CallInstruction:
		common := in.Common()
		if _, builtin := common.Value.(*ssa.Builtin); builtin {
			break
		}
		callee := common.StaticCallee()
		if common.IsInvoke() || callee == nil {
			return false
		}
		if !methods[callee] {
			if mayHoldChan(common.Signature().Results(), 0) {
				return false
			}
			for _, a := range common.Args {
				if mayHoldChan(a.Type(), 0) {
					return false
				}
			}
		}
	}
	for _, op := range instr.Operands(nil) {
		if _, global := (*op).(*ssa.Global); global {
			return false
		}
	}
	return true
}

// keepsOut: instr (outside the container's methods) neither writes a field the methods use, nor converts the
// container to an interface, nor takes one of its methods as a value, nor copies a whole container value.
func (p *Program) keepsOut(instr ssa.Instruction, named *types.Named, methods map[*ssa.Function]bool, fields map[*types.Var]bool) bool {
	switch in := instr.(type) {
	case *ssa.Store:
		if fa, ok := in.Addr.(*ssa.FieldAddr); ok && fields[fieldVar(fa.X.Type(), fa.Field)] {
			return false
		}
		if _, zero := in.Val.(*ssa.Const); !zero && types.Identical(in.Val.Type(), named) {
			return false
		}
	case *ssa.MakeInterface:
		t := in.X.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			t = ptr.Elem()
		}
		if types.Identical(t, named) {
			return false
		}
	}
	call, isCall := instr.(ssa.CallInstruction)
	for _, op := range instr.Operands(nil) {
		fn, ok := (*op).(*ssa.Function)
		if !ok || isCall && call.Common().Value == fn {
			continue
		}
		if methods[fn] || fn.Synthetic != "" && fn.Object() != nil && recvOf(fn.Object()) == named {
			return false
		}
	}
	return true
}

func recvOf(obj types.Object) *types.Named {
	f, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	sig, _ := f.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// mayHoldChan: a value of t can hold or lead to a channel.
func mayHoldChan(t types.Type, depth int) bool {
	if depth > 6 {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return false
	case *types.Pointer:
		return mayHoldChan(u.Elem(), depth+1)
	case *types.Slice:
		return mayHoldChan(u.Elem(), depth+1)
	case *types.Array:
		return mayHoldChan(u.Elem(), depth+1)
	case *types.Map:
		return mayHoldChan(u.Key(), depth+1) || mayHoldChan(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if mayHoldChan(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	case *types.Tuple:
		for i := 0; i < u.Len(); i++ {
			if mayHoldChan(u.At(i).Type(), depth+1) {
				return true
			}
		}
		return false
	}
	return true // channels, interfaces, functions, type parameters
}

type originKey struct {
	field fieldKey
	val   ssa.Value
}

// origin names the object a container pointer points to when that is plain in the code: a field of some struct
// (`&db.connRequests`, every instance of that field alike), a variable (`var s connRequestSet`, also through a
// closure's free variable bound to it) or a package variable.
func (p *Program) origin(v ssa.Value) (originKey, bool) {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return originKey{field: p.C.fieldOf(v.X.Type(), v.Field)}, true
	case *ssa.Alloc, *ssa.Global:
		return originKey{val: v}, true
	case *ssa.FreeVar:
		fn := v.Parent()
		idx := -1
		for i, fv := range fn.FreeVars {
			if fv == v {
				idx = i
			}
		}
		if fn.Parent() == nil || idx < 0 {
			return originKey{}, false
		}
		var out originKey
		found := false
		for _, b := range fn.Parent().Blocks {
			for _, instr := range b.Instrs {
				mc, ok := instr.(*ssa.MakeClosure)
				if !ok || mc.Fn != fn || idx >= len(mc.Bindings) {
					continue
				}
				o, ok := p.origin(mc.Bindings[idx])
				if !ok || found && o != out {
					return originKey{}, false
				}
				out, found = o, true
			}
		}
		return out, found
	}
	return originKey{}, false
}
