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

// fieldOfAddr is FieldOf by the generic origin of the field, so the instances of a generic struct share it.
func fieldOfAddr(fa *ssa.FieldAddr) *types.Var {
	if f := FieldOf(fa); f != nil {
		return f.Origin()
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
	// Only the `if`s that read a construction field of the same object count; without one, nothing to decide.
	var conds []domCond
	for _, c := range domConds(ld.Block(), maxCondDepth) {
		for _, sf := range stateFields(c.cond, fa.X) {
			if p.handlers().ctorOnly[sf] {
				conds = append(conds, c)
				break
			}
		}
	}
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
	if p.usedAsFuncValue(fn) {
		return true
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
