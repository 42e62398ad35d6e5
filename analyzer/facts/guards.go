package facts

import (
	"go/constant"
	"go/token"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// Lock flags: a helper takes a lock only when a bool parameter says so (`if needLock { mu.Lock() }`,
// `ackInPlace := … && needLock; …; if ackInPlace { mset.ackMsg() }`), and the caller that already holds a lock
// passes false. A Guard keeps the condition of an `if` that dominates an acquisition, in terms of the parameters
// and captured variables of the function it lies in; each call that merges the acquisition into its caller binds
// those to the call's arguments (bindings). Once they are constants the condition is decided: an acquisition
// whose guard is false at a call does not happen through that call.

// Guard: the acquisition happens only when Cond is Want. Bind maps each parameter or captured variable Cond reads
// to its value in the function whose summary holds the acquisition (itself until a call binds it).
type Guard struct {
	Cond ssa.Value
	Want bool
	Bind map[ssa.Value]ssa.Value
}

const (
	maxGuards     = 6
	maxGuardDepth = 4  // dominators walked up from a block
	maxEvalDepth  = 8  // closures within closures followed by onlyLoaded
	maxEvalNodes  = 32 // values looked at to collect or decide one condition
)

// guardsOf are the flag conditions that dominate b: the `if`s up its dominator tree (domConds) whose condition
// reads a parameter or captured variable.
func guardsOf(b *ssa.BasicBlock) []Guard {
	var out []Guard
	for _, c := range domConds(b, maxGuardDepth) {
		bind := map[ssa.Value]ssa.Value{}
		budget := maxEvalNodes
		leaves(c.cond, bind, &budget)
		if len(bind) > 0 {
			out = append(out, Guard{Cond: c.cond, Want: c.want, Bind: bind})
		}
	}
	return out
}

type domCond struct {
	cond ssa.Value
	want bool
}

// domConds are the `if`s up b's dominator tree (at most depth dominators up) whose one side alone leads to b.
func domConds(b *ssa.BasicBlock, depth int) []domCond {
	var out []domCond
	for i, x := 0, b; i < depth && x != nil; i++ {
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

// leaves collects the parameters and captured variables a condition's value depends on (through the shapes
// eval understands).
func leaves(v ssa.Value, bind map[ssa.Value]ssa.Value, budget *int) {
	if *budget <= 0 {
		return
	}
	*budget--
	switch x := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		bind[v] = v
	case *ssa.UnOp:
		if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
			bind[fv] = fv // a captured variable, read in the closure: bound to its cell, then to what was stored there
		} else if x.Op == token.NOT {
			leaves(x.X, bind, budget)
		} else if s := onlyStore(x); s != nil {
			leaves(s, bind, budget)
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			leaves(e, bind, budget)
		}
	}
}

// eval decides a condition under bind: known is false where it depends on something not bound to a constant,
// or when deciding it would look at more than budget values (phis of loops, long chains).
func eval(v ssa.Value, bind map[ssa.Value]ssa.Value, budget *int) (val, known bool) {
	if *budget <= 0 {
		return false, false
	}
	*budget--
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.Bool {
			return constant.BoolVal(x.Value), true
		}
	case *ssa.Parameter, *ssa.FreeVar:
		if c, ok := bind[v].(*ssa.Const); ok {
			return eval(c, nil, budget)
		}
	case *ssa.UnOp:
		if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
			if c, ok := bind[fv].(*ssa.Const); ok {
				return eval(c, nil, budget)
			}
			return false, false
		}
		if x.Op == token.NOT {
			val, known = eval(x.X, bind, budget)
			return !val, known
		}
		if s := onlyStore(x); s != nil {
			return eval(s, bind, budget)
		}
	case *ssa.Phi:
		for i, e := range x.Edges {
			ev, ek := eval(e, bind, budget)
			if !ek || i > 0 && ev != val {
				return false, false
			}
			val, known = ev, true
		}
		return val, known
	}
	return false, false
}

// onlyStore: a load of a local variable (captured by closures that only read it) that is stored once — the
// stored value.
func onlyStore(load *ssa.UnOp) ssa.Value {
	a, ok := load.X.(*ssa.Alloc)
	if !ok || load.Op != token.MUL {
		return nil
	}
	return storedOnce(a)
}

// storedOnce: the one value stored into a local variable that is otherwise only loaded (by the function or by
// closures that capture it).
func storedOnce(a *ssa.Alloc) ssa.Value {
	if v, ok := storedCache.Load(a); ok {
		val, _ := v.(ssa.Value)
		return val
	}
	val := storedOnceUncached(a)
	storedCache.Store(a, val)
	return val
}

// storedCache memoises storedOnce (lock paths ask it at every load).
var storedCache sync.Map

func storedOnceUncached(a *ssa.Alloc) ssa.Value {
	var val ssa.Value
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != a || val != nil {
				return nil
			}
			val = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
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
		case *ssa.DebugRef:
		default:
			return nil
		}
	}
	return val
}

// onlyLoaded: a captured variable its closure only reads (itself or through closures it makes).
func onlyLoaded(v ssa.Value, depth int) bool {
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok || depth >= maxEvalDepth {
				return false
			}
			for i, b := range r.Bindings {
				if b == v && !onlyLoaded(fn.FreeVars[i], depth+1) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// bindGuards maps guards of callee's acquisitions into the caller at a call (args, the closure's bindings):
// parameters of the callee become the call's arguments. Guards left with nothing of the caller's to bind are
// dropped (undecided for good); decided ones are kept for dead to see.
func bindGuards(gs []Guard, callee *ssa.Function, args, bindings []ssa.Value) []Guard {
	var out []Guard
	for _, g := range gs {
		bind := make(map[ssa.Value]ssa.Value, len(g.Bind))
		open := false
		for leaf, cur := range g.Bind {
			switch c := cur.(type) {
			case *ssa.Parameter:
				if c.Parent() == callee {
					if i := paramIndex(callee, c); i >= 0 && i < len(args) {
						cur = args[i]
					}
				}
			case *ssa.FreeVar:
				if c.Parent() == callee {
					if i := freeIndex(callee, c); i >= 0 && i < len(bindings) {
						cur = bindings[i]
					}
				}
			}
			if a, ok := cur.(*ssa.Alloc); ok {
				if v := storedOnce(a); v != nil {
					cur = v // the captured cell holds one value: the maker's parameter, say
				}
			}
			bind[leaf] = cur
			switch cur.(type) {
			case *ssa.Parameter, *ssa.FreeVar, *ssa.Const:
				open = true
			}
		}
		if open && len(out) < maxGuards {
			out = append(out, Guard{Cond: g.Cond, Want: g.Want, Bind: bind})
		}
	}
	return out
}

// dead: one of the guards is decided against the acquisition.
func dead(gs []Guard) bool {
	for _, g := range gs {
		budget := maxEvalNodes
		if v, ok := eval(g.Cond, g.Bind, &budget); ok && v != g.Want {
			return true
		}
	}
	return false
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, x := range fn.Params {
		if x == p {
			return i
		}
	}
	return -1
}

func freeIndex(fn *ssa.Function, v *ssa.FreeVar) int {
	for i, x := range fn.FreeVars {
		if x == v {
			return i
		}
	}
	return -1
}
