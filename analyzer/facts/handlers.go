package facts

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Handlers kept in a field and called only in one state of their object. A subscription keeps its closed handler
// in a field and calls it under its lock only when it is synchronous (`if s.typ != AsyncSubscription { done :=
// s.pDone; done(…) }`, nats.go's removeSub); every handler that takes another lock is installed on an
// asynchronous subscription, whose state is set once, where the subscription is made (`if cb != nil { sub.typ =
// AsyncSubscription }`). The dynamic call's targets come from alias classes, which know nothing of the state, so
// the lock facts would have every handler run under the lock.
//
// A target of a call through a field (`X.F`, loaded where the `if`s above the load read a state field `X.T` of
// the same object) is left out when every place that stores it into F does so on an object whose T is known
// there, and that value of T fails one of those `if`s. T must be a construction field: stored only on a fresh
// object (`&S{T: k}`, `s := &S{}; s.T = k`), never afterwards, so an object's T is decided where it is made.
// An object's T is followed back through field loads stored once in the same function, call results (the
// callee's returns, its parameters bound to the call's arguments, up to maxStateDepth calls deep), phis and
// conversions; the stores of T at the allocation count unless an `if` decided by those bindings skips them
// (`cb != nil` with a closure for cb). Stores of the handler go through a setter (`s.SetClosedHandler(h)`: the
// setter's parameters bound to each caller's arguments). Anything not followed keeps the target.

const (
	maxStateDepth = 6
	maxCondDepth  = 6 // dominators walked up from a block for the `if`s that guard it
)

type handlerIndex struct {
	// stores: every Store into a field, by field.
	stores map[*types.Var][]*ssa.Store
	// ctorOnly: fields stored only on fresh allocations (construction fields); false when known not to be.
	ctorOnly map[*types.Var]bool
	// sites: where each function value is stored into each field (nil entry: some store of the field is not
	// followed and may hold it).
	sites map[*types.Var]*fieldSites
	// dead: memo of (call, target) decisions.
	dead map[deadKey]bool
}

type deadKey struct {
	call *ssa.Call
	fn   *ssa.Function
}

type fieldSites struct {
	// known: per stored function, the objects (with the env they are read in) it is stored on.
	known map[*ssa.Function][]objAt
	// unknown: stored values not followed (their alias class may hold any function).
	unknown []ssa.Value
}

type objAt struct {
	obj ssa.Value
	env *stateEnv
}

// stateEnv binds a function's parameters to the values of its caller (in the caller's env).
type stateEnv struct {
	fn     *ssa.Function
	args   []ssa.Value
	parent *stateEnv
	depth  int
}

func (e *stateEnv) bound(p *ssa.Parameter) (ssa.Value, *stateEnv, bool) {
	if e == nil || p.Parent() != e.fn {
		return nil, nil, false
	}
	i := paramIndex(e.fn, p)
	if i < 0 || i >= len(e.args) {
		return nil, nil, false
	}
	return e.args[i], e.parent, true
}

func (p *Program) handlers() *handlerIndex {
	if p.hIdx != nil {
		return p.hIdx
	}
	h := &handlerIndex{stores: map[*types.Var][]*ssa.Store{}, ctorOnly: map[*types.Var]bool{}, sites: map[*types.Var]*fieldSites{}, dead: map[deadKey]bool{}}
	bad := map[*types.Var]bool{}
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
					if f := fieldOfAddr(fa); f != nil {
						h.stores[f] = append(h.stores[f], st)
						if _, fresh := fa.X.(*ssa.Alloc); !fresh {
							bad[f] = true
						}
					}
					continue
				}
				// A whole struct stored (a copy, `*p = S{…}`) sets every field of it.
				if s, ok := st.Val.Type().Underlying().(*types.Struct); ok {
					for i := 0; i < s.NumFields(); i++ {
						bad[s.Field(i).Origin()] = true
					}
				}
			}
		}
	}
	for f := range h.stores {
		h.ctorOnly[f] = !bad[f]
	}
	p.hIdx = h
	return h
}

func fieldOfAddr(fa *ssa.FieldAddr) *types.Var {
	t := fa.X.Type().Underlying()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem().Underlying()
	}
	if s, ok := t.(*types.Struct); ok && fa.Field < s.NumFields() {
		return s.Field(fa.Field).Origin()
	}
	return nil
}

// handlerDead: target t of the dynamic call cannot run there, by the state its object is in (see above).
func (p *Program) handlerDead(call *ssa.Call, t *ssa.Function) bool {
	h := p.handlers()
	k := deadKey{call, t}
	if v, ok := h.dead[k]; ok {
		return v
	}
	v := p.handlerDeadUncached(call, t)
	h.dead[k] = v
	return v
}

func (p *Program) handlerDeadUncached(call *ssa.Call, t *ssa.Function) bool {
	loads, ok := fieldLoads(call.Call.Value, 0)
	if !ok || len(loads) == 0 {
		return false
	}
	for _, ld := range loads {
		if !p.loadRulesOut(ld, t) {
			return false
		}
	}
	return true
}

// fieldLoads: the loads `X.F` the called value comes from (nil constants aside); false when it comes from
// anything else.
func fieldLoads(v ssa.Value, depth int) ([]*ssa.UnOp, bool) {
	if depth > 4 {
		return nil, false
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if _, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			return []*ssa.UnOp{x}, true
		}
	case *ssa.Const:
		if x.IsNil() {
			return nil, true
		}
	case *ssa.Phi:
		var out []*ssa.UnOp
		for _, e := range x.Edges {
			ls, ok := fieldLoads(e, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, ls...)
		}
		return out, true
	}
	return nil, false
}

// loadRulesOut: every store of t into the loaded field is on an object whose state fails an `if` above the load.
func (p *Program) loadRulesOut(ld *ssa.UnOp, t *ssa.Function) bool {
	fa := ld.X.(*ssa.FieldAddr)
	field := fieldOfAddr(fa)
	if field == nil {
		return false
	}
	conds := domConds(ld.Block())
	if len(conds) == 0 {
		return false
	}
	sites := p.storeSites(field)
	for _, u := range sites.unknown {
		for _, f := range p.dyn().funcs[p.C.Of(u)] {
			if f == t {
				return false
			}
		}
	}
	objs := sites.known[t]
	if len(objs) == 0 {
		return false
	}
	// The state fields the `if`s read on the same object.
	for _, o := range objs {
		ruled := false
		for _, c := range conds {
			for _, sf := range stateFields(c.cond, fa.X) {
				if !p.handlers().ctorOnly[sf] {
					continue
				}
				k, known := p.objState(o.obj, o.env, sf, 0)
				if !known {
					continue
				}
				subst := func(v ssa.Value) (constant.Value, bool) {
					if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
						if a, ok := u.X.(*ssa.FieldAddr); ok && canonical(a.X) == canonical(fa.X) && fieldOfAddr(a) == sf {
							return k, true
						}
					}
					return nil, false
				}
				budget := maxEvalNodes
				if val, ok := evalConst(c.cond, nil, subst, &budget); ok && val.Kind() == constant.Bool && constant.BoolVal(val) != c.want {
					ruled = true
				}
			}
		}
		if !ruled {
			return false
		}
	}
	return true
}

type domCond struct {
	cond ssa.Value
	want bool
}

// domConds are the `if`s up b's dominator tree whose one side alone leads to b.
func domConds(b *ssa.BasicBlock) []domCond {
	var out []domCond
	for i, x := 0, b; i < maxCondDepth && x != nil; i++ {
		d := x.Idom()
		if d == nil || len(d.Instrs) == 0 {
			break
		}
		if cond, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok && len(d.Succs) == 2 && d.Succs[0] != d.Succs[1] {
			for side, want := range []bool{true, false} {
				s := d.Succs[side]
				if len(s.Preds) == 1 && s.Dominates(b) {
					out = append(out, domCond{cond.Cond, want})
				}
			}
		}
		x = d
	}
	return out
}

// stateFields: the fields of obj a condition reads (`obj.T != k`, `!obj.T`).
func stateFields(v ssa.Value, obj ssa.Value) []*types.Var {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.NOT {
			return stateFields(x.X, obj)
		}
		if a, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL && canonical(a.X) == canonical(obj) {
			if f := fieldOfAddr(a); f != nil {
				return []*types.Var{f}
			}
		}
	case *ssa.BinOp:
		return append(stateFields(x.X, obj), stateFields(x.Y, obj)...)
	}
	return nil
}

// storeSites finds where each function value is stored into field (directly or through a setter's parameter).
func (p *Program) storeSites(field *types.Var) *fieldSites {
	h := p.handlers()
	if s, ok := h.sites[field]; ok {
		return s
	}
	s := &fieldSites{known: map[*ssa.Function][]objAt{}}
	h.sites[field] = s
	for _, st := range h.stores[field] {
		obj := st.Addr.(*ssa.FieldAddr).X
		if prm, ok := st.Val.(*ssa.Parameter); ok {
			// A setter: each caller's argument, on the caller's object.
			fn := prm.Parent()
			hi, oi := paramIndex(fn, prm), -1
			if op, ok := obj.(*ssa.Parameter); ok && op.Parent() == fn {
				oi = paramIndex(fn, op)
			}
			// No caller in the analysed code: nothing of it is stored there (what code outside passes is no target).
			callers := p.Callers[fn]
			if oi < 0 || p.usedAsValue(fn) {
				s.unknown = append(s.unknown, st.Val)
				continue
			}
			for _, c := range callers {
				args := c.Common().Args
				if _, isCall := c.(*ssa.Call); !isCall || hi >= len(args) || oi >= len(args) {
					s.unknown = append(s.unknown, st.Val)
					continue
				}
				s.add(p.storedFuncs(args[hi], 0), args[oi], &stateEnv{fn: c.Parent()}, args[hi])
			}
			continue
		}
		s.add(p.storedFuncs(st.Val, 0), obj, &stateEnv{fn: st.Parent()}, st.Val)
	}
	return s
}

func (s *fieldSites) add(fns []*ssa.Function, obj ssa.Value, env *stateEnv, val ssa.Value) {
	if fns == nil {
		s.unknown = append(s.unknown, val)
		return
	}
	for _, f := range fns {
		s.known[f] = append(s.known[f], objAt{obj, env})
	}
}

// storedFuncs: the functions a stored value can be (closures, functions, a closure returned by an immediately
// called function); nil when not followed.
func (p *Program) storedFuncs(v ssa.Value, depth int) []*ssa.Function {
	if depth > 3 {
		return nil
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		// A parameter passed on to the setter: each caller's argument.
		fn := x.Parent()
		i := paramIndex(fn, x)
		if i < 0 || p.usedAsValue(fn) {
			return nil
		}
		out := []*ssa.Function{}
		for _, c := range p.Callers[fn] {
			args := c.Common().Args
			if i >= len(args) {
				return nil
			}
			fs := p.storedFuncs(args[i], depth+1)
			if fs == nil {
				return nil
			}
			out = append(out, fs...)
		}
		return out
	case *ssa.MakeClosure:
		if f, ok := x.Fn.(*ssa.Function); ok {
			return []*ssa.Function{f}
		}
	case *ssa.Function:
		if f := unwrap(x); f != nil {
			return []*ssa.Function{f}
		}
	case *ssa.ChangeType:
		return p.storedFuncs(x.X, depth+1)
	case *ssa.Const:
		if x.IsNil() {
			return []*ssa.Function{}
		}
	case *ssa.Call:
		callee, _ := Callee(&x.Call)
		if callee == nil || callee.Blocks == nil {
			return nil
		}
		out := []*ssa.Function{}
		for _, b := range callee.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				if len(ret.Results) != 1 {
					return nil
				}
				fs := p.storedFuncs(ret.Results[0], depth+1)
				if fs == nil {
					return nil
				}
				out = append(out, fs...)
			}
		}
		return out
	}
	return nil
}

// usedAsValue: fn is referenced other than as a static callee (a func value, a bound method) or is a method an
// interface call in the analysed code can reach, so it has callers Callers does not list.
func (p *Program) usedAsValue(fn *ssa.Function) bool {
	d := p.dyn()
	for _, fs := range d.funcs {
		for _, f := range fs {
			if f == fn {
				return true
			}
		}
	}
	if fn.Signature.Recv() == nil {
		return false
	}
	for _, f := range p.Funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok || !call.Common().IsInvoke() || call.Common().Method.Name() != fn.Name() {
					continue
				}
				for _, t := range p.Targets(call.Common()) {
					if t == fn {
						return true
					}
				}
			}
		}
	}
	return false
}

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
	for _, c := range domConds(b) {
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
