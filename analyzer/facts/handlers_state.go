package facts

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An object's state (handlers.go): the value of a construction field on the object a value designates, followed
// back to where the object is made, and the small evaluator that decides the `if`s around the stores and calls.

// objState: the value of construction field sf on the object v designates (in env); false when not known. A nil
// object has no state (and holds no handler): it is skipped by merging as "no object".
func (p *Program) objState(v ssa.Value, env *stateEnv, sf *types.Var, depth int) (constant.Value, bool) {
	k, known, _ := p.objStateN(v, env, sf, depth)
	return k, known && k != nil
}

// objStateN: state, known, and whether v is only ever nil (k nil then).
func (p *Program) objStateN(v ssa.Value, env *stateEnv, sf *types.Var, depth int) (constant.Value, bool, bool) {
	if depth > maxStateDepth*3 {
		return nil, false, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return nil, true, true
		}
	case *ssa.Parameter:
		if a, pe, ok := env.bound(x); ok {
			return p.objStateN(a, pe, sf, depth+1)
		}
	case *ssa.ChangeType:
		return p.objStateN(x.X, env, sf, depth+1)
	case *ssa.MakeInterface:
		return p.objStateN(x.X, env, sf, depth+1)
	case *ssa.Phi:
		return p.mergeStates(x.Edges, func(e ssa.Value) (constant.Value, bool, bool) { return p.objStateN(e, env, sf, depth+1) })
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			return p.resultState(c, x.Index, env, sf, depth)
		}
	case *ssa.Call:
		return p.resultState(x, 0, env, sf, depth)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			break
		}
		var srcs []ssa.Value
		switch a := x.X.(type) {
		case *ssa.Alloc:
			if v := storedOnce(a); v != nil {
				srcs = []ssa.Value{v}
			} else {
				srcs = localStored(a, x)
			}
		case *ssa.FieldAddr:
			srcs = storedBefore(a, x)
		}
		if srcs != nil {
			return p.mergeStates(srcs, func(s ssa.Value) (constant.Value, bool, bool) { return p.objStateN(s, env, sf, depth+1) })
		}
	case *ssa.Alloc:
		return p.allocState(x, env, sf)
	}
	return nil, false, false
}

func (p *Program) mergeStates(vals []ssa.Value, f func(ssa.Value) (constant.Value, bool, bool)) (constant.Value, bool, bool) {
	var out constant.Value
	for _, v := range vals {
		k, known, isNil := f(v)
		if !known {
			return nil, false, false
		}
		if isNil {
			continue
		}
		if out != nil && !constant.Compare(out, token.EQL, k) {
			return nil, false, false
		}
		out = k
	}
	return out, true, out == nil
}

// resultState follows a call's result into its callees' returns (parameters bound to the arguments).
func (p *Program) resultState(c *ssa.Call, idx int, env *stateEnv, sf *types.Var, depth int) (constant.Value, bool, bool) {
	d := 0
	if env != nil {
		d = env.depth
	}
	if d >= maxStateDepth {
		return nil, false, false
	}
	var callees []*ssa.Function
	args := c.Call.Args
	if callee, _ := Callee(&c.Call); callee != nil {
		callees = []*ssa.Function{callee}
	} else if c.Call.IsInvoke() {
		callees = p.Targets(&c.Call)
		args = append([]ssa.Value{c.Call.Value}, args...)
	}
	if len(callees) == 0 {
		return nil, false, false
	}
	var rets []ssa.Value
	var envs []*stateEnv
	for _, fn := range callees {
		if fn.Blocks == nil || !p.inScope[fn] {
			return nil, false, false
		}
		ce := &stateEnv{fn: fn, args: args, parent: env, depth: d + 1}
		for _, b := range fn.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && idx < len(ret.Results) {
				rets = append(rets, ret.Results[idx])
				envs = append(envs, ce)
			}
		}
	}
	i := 0
	return p.mergeStates(rets, func(v ssa.Value) (constant.Value, bool, bool) {
		e := envs[i]
		i++
		return p.objStateN(v, e, sf, depth+1)
	})
}

// allocState: the value stored into sf of a fresh object in its function, stores an `if` decided by env skips left
// out; the zero value when none is stored.
func (p *Program) allocState(a *ssa.Alloc, env *stateEnv, sf *types.Var) (constant.Value, bool, bool) {
	var out constant.Value
	for _, ref := range *a.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fieldOfAddr(fa) != sf {
			continue
		}
		for _, r := range *fa.Referrers() {
			st, ok := r.(*ssa.Store)
			if !ok || st.Addr != fa {
				continue
			}
			if skipped(st.Block(), env) {
				continue
			}
			c, ok := st.Val.(*ssa.Const)
			if !ok || c.Value == nil {
				return nil, false, false
			}
			if out != nil && !constant.Compare(out, token.EQL, c.Value) {
				return nil, false, false
			}
			out = c.Value
		}
	}
	if out == nil {
		out = zeroConst(sf.Type())
	}
	return out, out != nil, false
}

func zeroConst(t types.Type) constant.Value {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return nil
	}
	switch {
	case b.Info()&types.IsBoolean != 0:
		return constant.MakeBool(false)
	case b.Info()&types.IsInteger != 0:
		return constant.MakeInt64(0)
	case b.Info()&types.IsString != 0:
		return constant.MakeString("")
	}
	return nil
}

// skipped: an `if` above b is decided against it under env.
func skipped(b *ssa.BasicBlock, env *stateEnv) bool {
	for _, c := range domConds(b, maxCondDepth) {
		budget := maxEvalNodes
		if v, ok := evalConst(c.cond, env, nil, &budget); ok && v.Kind() == constant.Bool && constant.BoolVal(v) != c.want {
			return true
		}
	}
	return false
}

// storedBefore: the values stored into a field of the same object in the load's function, one of which every
// path to the load passes; nil when not so.
func storedBefore(fa *ssa.FieldAddr, load *ssa.UnOp) []ssa.Value {
	f, base := fieldOfAddr(fa), canonical(fa.X)
	var vals []ssa.Value
	var at []ssa.Instruction
	for _, b := range load.Parent().Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if o, ok := st.Addr.(*ssa.FieldAddr); ok && fieldOfAddr(o) == f && canonical(o.X) == base {
				vals, at = append(vals, st.Val), append(at, st)
			}
		}
	}
	if len(vals) == 0 || !covered(at, load) {
		return nil
	}
	return vals
}

// covered: every path from the function's entry to instr passes one of the instructions at.
func covered(at []ssa.Instruction, instr ssa.Instruction) bool {
	stop := map[*ssa.BasicBlock]bool{}
	for _, a := range at {
		if a.Block() == instr.Block() {
			if Index(a) < Index(instr) {
				return true
			}
			continue
		}
		stop[a.Block()] = true
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := []*ssa.BasicBlock{instr.Parent().Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] || stop[b] {
			continue
		}
		if b == instr.Block() {
			return false
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return true
}

// localStored: the values a load of a local variable can read (the last store before it in its block, else every
// store); nil when the variable is used otherwise (closures that capture it may only read it).
func localStored(a *ssa.Alloc, load *ssa.UnOp) []ssa.Value {
	var all []ssa.Value
	var last ssa.Value
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != a {
				return nil
			}
			all = append(all, r.Val)
			if r.Block() == load.Block() && Index(r) < Index(load) && (last == nil || Index(r) > Index(last.(ssa.Instruction))) {
				last = r.Val
			}
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return nil
			}
			for i, b := range r.Bindings {
				if b == a && !onlyLoaded(fn.FreeVars[i], 0) {
					return nil
				}
			}
		default:
			return nil
		}
	}
	if last != nil {
		return []ssa.Value{last}
	}
	return all
}

// canonical: a value read back from a variable stored once (a variable closures capture) is the stored value.
func canonical(v ssa.Value) ssa.Value {
	for i := 0; i < 4; i++ {
		u, ok := v.(*ssa.UnOp)
		if !ok {
			return v
		}
		s := onlyStore(u)
		if s == nil {
			return v
		}
		v = s
	}
	return v
}

// evalConst decides a condition's value: constants, `!`, comparisons (with nil: by whether the other side can be
// nil), parameters bound by env, phis that agree; subst supplies values of state loads.
func evalConst(v ssa.Value, env *stateEnv, subst func(ssa.Value) (constant.Value, bool), budget *int) (constant.Value, bool) {
	if *budget <= 0 {
		return nil, false
	}
	*budget--
	if subst != nil {
		if k, ok := subst(v); ok {
			return k, true
		}
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil {
			return x.Value, true
		}
	case *ssa.Parameter:
		if a, pe, ok := env.bound(x); ok {
			return evalConst(a, pe, subst, budget)
		}
	case *ssa.UnOp:
		if x.Op == token.NOT {
			if k, ok := evalConst(x.X, env, subst, budget); ok && k.Kind() == constant.Bool {
				return constant.MakeBool(!constant.BoolVal(k)), true
			}
		}
	case *ssa.BinOp:
		if x.Op != token.EQL && x.Op != token.NEQ {
			break
		}
		var eq, known bool
		if c, ok := x.Y.(*ssa.Const); ok && c.IsNil() {
			isNil, k := nilness(x.X, env, 0)
			eq, known = isNil, k
		} else if c, ok := x.X.(*ssa.Const); ok && c.IsNil() {
			isNil, k := nilness(x.Y, env, 0)
			eq, known = isNil, k
		} else {
			a, ok1 := evalConst(x.X, env, subst, budget)
			b, ok2 := evalConst(x.Y, env, subst, budget)
			if ok1 && ok2 && a.Kind() == b.Kind() {
				eq, known = constant.Compare(a, token.EQL, b), true
			}
		}
		if known {
			return constant.MakeBool(eq == (x.Op == token.EQL)), true
		}
	case *ssa.Phi:
		var out constant.Value
		for _, e := range x.Edges {
			k, ok := evalConst(e, env, subst, budget)
			if !ok || out != nil && !constant.Compare(out, token.EQL, k) {
				return nil, false
			}
			out = k
		}
		return out, out != nil
	}
	return nil, false
}

// nilness: whether v is nil (known false when it can be either).
func nilness(v ssa.Value, env *stateEnv, depth int) (isNil, known bool) {
	if depth > 8 {
		return false, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return x.IsNil(), true
	case *ssa.MakeClosure, *ssa.Function, *ssa.Alloc, *ssa.MakeInterface, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
		return false, true
	case *ssa.ChangeType:
		return nilness(x.X, env, depth+1)
	case *ssa.Parameter:
		if a, pe, ok := env.bound(x); ok {
			return nilness(a, pe, depth+1)
		}
	case *ssa.Phi:
		first := true
		for _, e := range x.Edges {
			n, ok := nilness(e, env, depth+1)
			if !ok || !first && n != isNil {
				return false, false
			}
			isNil, first = n, false
		}
		return isNil, !first
	}
	return false, false
}
