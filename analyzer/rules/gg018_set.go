package rules

// GG018 (deep) — a re-lock reached only when a field is nil, on objects whose constructors always set it.
//
// `Consume` holds `c.mu` and calls `c.reset()`, which locks `c.mu` again, but only under `if c.current == nil`.
// When every object of the type gets that field set before anyone else sees it, the branch is never taken: each
// allocation of the struct (`&T{…}`, `new(T)`) is returned, on every path, only after a store of a non-nil value
// (an allocation, a make, a type assertion to a pointer) into the field; no other store into the field exists, the
// field is unexported, and no copy of a whole T value is made (a zero T elsewhere would have the field nil). Such a
// re-lock is a latent bug, not a reachable deadlock, and is not reported (nats.go's orderedConsumer).

import (
	"go/token"
	"go/types"

	"goroutine-guard/analyzer/facts"

	"golang.org/x/tools/go/ssa"
)

// nilGuarded: the call at pos in fn is reached only on the true side of `x.f == nil` (or the false side of
// `x.f != nil`) for a field f that every object of its type has set (alwaysSet).
func (r *Reporter) nilGuarded(fn *ssa.Function, pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	var at *ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && c.Pos() == pos {
				at = b
			}
		}
	}
	if at == nil {
		return false
	}
	for x := at; x != nil; x = x.Idom() {
		d := x.Idom()
		if d == nil || len(d.Instrs) == 0 {
			break
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		fa, side, ok := nilTest(iff)
		if !ok {
			continue
		}
		if s := d.Succs[side]; len(s.Preds) == 1 && s.Dominates(at) && r.alwaysSet(fa) {
			return true
		}
	}
	return false
}

// nilTest: iff tests a field loaded through a FieldAddr against nil; side is the successor taken when it is nil.
func nilTest(iff *ssa.If) (*ssa.FieldAddr, int, bool) {
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return nil, 0, false
	}
	x, y := cmp.X, cmp.Y
	if c, ok := x.(*ssa.Const); ok && c.IsNil() {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); !ok || !c.IsNil() {
		return nil, 0, false
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, 0, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil, 0, false
	}
	side := 0
	if cmp.Op == token.NEQ {
		side = 1
	}
	return fa, side, true
}

// alwaysSet: the field fa addresses is unexported, of pointer type, stored only with non-nil values, and every
// allocation of its struct in the analysed code is returned only after such a store; no T value is copied.
func (r *Reporter) alwaysSet(fa *ssa.FieldAddr) bool {
	ptr, ok := types.Unalias(fa.X.Type()).Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return false
	}
	field := facts.FieldOf(fa)
	if field == nil || field.Exported() || !isPointer(field.Type()) {
		return false
	}
	allocs := 0
	for _, fn := range r.P.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Store:
					if types.Identical(in.Val.Type(), named) {
						return false // a whole T copied in: its field may be nil
					}
					if f, ok := in.Addr.(*ssa.FieldAddr); ok && facts.FieldOf(f) == field && !nonNil(in.Val) {
						return false
					}
				case *ssa.UnOp:
					if in.Op == token.MUL && types.Identical(in.Type(), named) {
						return false // a T value read out: copies may be zero elsewhere
					}
				case *ssa.FieldAddr, *ssa.IndexAddr:
					if in != fa && isPointerTo(in.(ssa.Value).Type(), named) {
						return false // a T inside another value: zero until set, not through a constructor
					}
				case *ssa.Alloc:
					if !isPointerTo(in.Type(), named) {
						continue
					}
					allocs++
					if !setBeforeReturn(in, field) {
						return false
					}
				}
			}
		}
	}
	return allocs > 0
}

// setBeforeReturn: every return of fn that hands out a (the pointer, or an interface made from it) comes after a
// store of the field into a on every path (the store dominates the return).
func setBeforeReturn(a *ssa.Alloc, field *types.Var) bool {
	var stores []*ssa.Store
	for _, ref := range *a.Referrers() {
		if f, ok := ref.(*ssa.FieldAddr); ok && facts.FieldOf(f) == field {
			for _, fr := range *f.Referrers() {
				if st, ok := fr.(*ssa.Store); ok && st.Addr == f {
					stores = append(stores, st)
				}
			}
		}
	}
	handed := []ssa.Value{a}
	for _, ref := range *a.Referrers() {
		switch u := ref.(type) {
		case *ssa.MakeInterface:
			handed = append(handed, u)
		case *ssa.Return, *ssa.FieldAddr, *ssa.DebugRef:
		case *ssa.Call: // a method called on it before it is handed out (a config helper)
		case *ssa.Go, *ssa.Defer:
			return false
		default:
			return false // stored, sent, captured: others may see it before the field is set
		}
	}
	for _, h := range handed {
		for _, ref := range *h.Referrers() {
			ret, ok := ref.(*ssa.Return)
			if !ok {
				continue
			}
			covered := false
			for _, st := range stores {
				if before(st, ret) {
					covered = true
				}
			}
			if !covered {
				return false
			}
		}
	}
	return len(stores) > 0
}

// nonNil: a value that is never nil — an allocation, a make, the address of a composite literal, or a type
// assertion to a pointer type (a typed nil in the interface aside).
func nonNil(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeSlice, *ssa.MakeClosure:
		return true
	case *ssa.TypeAssert:
		return !x.CommaOk && isPointer(x.AssertedType)
	}
	return false
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok
}

func isPointerTo(t types.Type, named *types.Named) bool {
	p, ok := types.Unalias(t).Underlying().(*types.Pointer)
	return ok && types.Identical(p.Elem(), named)
}
