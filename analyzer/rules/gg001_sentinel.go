package rules

// A sentinel protocol: the producer sends a last value that tells the consumer it is done, and the consumer's
// loop leaves when it reads that value. `for … { myc <- 1 }; myc <- 0` against `if v := <-myc; v == 0 { break }`,
// or `for i := 0; i <= n; i++ { ch <- i }` against `if v == n { return }`. Such an exit is the producer's
// decision, not the consumer's: the consumer stops only once the producer has nothing more to send. Only a
// value the producer sends after its loop, or the last value of its counting loop, counts as the sentinel: a
// consumer that leaves on other values (`return err` on the first error) still stops on its own account.

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// lastValues are the values the producer's send in a loop is followed by: what it sends on the same channel
// class after the loop (outside any loop, later in its function), and the bound K of its counting loop when it
// sends the counter (`for i := …; i <= K; i++ { ch <- i }` sends K last).
func (r *Reporter) lastValues(send *ssa.Send, class int) []ssa.Value {
	var out []ssa.Value
	for _, o := range r.P.OpsOn(class) {
		s, ok := o.Instr.(*ssa.Send)
		if ok && s != send && s.Parent() == send.Parent() && s.Pos() > send.Pos() && !r.P.InLoop(s) {
			out = append(out, s.X)
		}
	}
	if phi, ok := send.X.(*ssa.Phi); ok {
		if iff, ok := phi.Block().Instrs[len(phi.Block().Instrs)-1].(*ssa.If); ok {
			if cmp, ok := iff.Cond.(*ssa.BinOp); ok {
				switch {
				case cmp.Op == token.LEQ && cmp.X == phi:
					out = append(out, cmp.Y)
				case cmp.Op == token.GEQ && cmp.Y == phi:
					out = append(out, cmp.X)
				}
			}
		}
	}
	return out
}

// receivedValue is the value a plain receive delivers (the first result of `v, ok := <-ch`).
func receivedValue(u *ssa.UnOp) ssa.Value {
	if !u.CommaOk {
		return u
	}
	for _, ref := range *u.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 0 {
			return ex
		}
	}
	return nil
}

// sentinelEdge: the loop leaves on b → s because v, the value just received, equals one of lasts.
func sentinelEdge(b, s *ssa.BasicBlock, v ssa.Value, lasts []ssa.Value) bool {
	if v == nil || len(lasts) == 0 {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || !(cmp.Op == token.EQL && b.Succs[0] == s || cmp.Op == token.NEQ && b.Succs[1] == s) {
		return false
	}
	other := cmp.Y
	switch v {
	case cmp.X:
	case cmp.Y:
		other = cmp.X
	default:
		return false
	}
	for _, l := range lasts {
		if sameValue(other, l) {
			return true
		}
	}
	return false
}

// sameValue: a and b are the same constant, or the same variable once closures' free variables are replaced
// by what their (single) closure binds them to.
func sameValue(a, b ssa.Value) bool {
	a, b = bound(a), bound(b)
	if a == b {
		return true
	}
	ca, ok1 := a.(*ssa.Const)
	cb, ok2 := b.(*ssa.Const)
	if !ok1 || !ok2 {
		return false
	}
	if ca.Value == nil || cb.Value == nil {
		return ca.Value == nil && cb.Value == nil && ca.Type() == cb.Type()
	}
	return ca.Value.Kind() == cb.Value.Kind() && constant.Compare(ca.Value, token.EQL, cb.Value)
}

// bound follows a free variable to the value its closure is made with (when exactly one MakeClosure makes it),
// and a load of a captured variable stored once to the stored value.
func bound(v ssa.Value) ssa.Value {
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.FreeVar:
			b := binding(x)
			if b == nil {
				return v
			}
			v = b
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			a, ok := bound(x.X).(*ssa.Alloc)
			if !ok {
				return v
			}
			var stored ssa.Value
			for _, ref := range *a.Referrers() {
				if st, ok := ref.(*ssa.Store); ok && st.Addr == a {
					if stored != nil {
						return v // assigned again: not one value
					}
					stored = st.Val
				}
			}
			if stored == nil {
				return v
			}
			v = stored
		default:
			return v
		}
	}
	return v
}

func binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	refs := fn.Referrers()
	if refs == nil || len(*refs) != 1 {
		return nil
	}
	mc, ok := (*refs)[0].(*ssa.MakeClosure)
	if !ok {
		return nil
	}
	for j, f := range fn.FreeVars {
		if f == fv && j < len(mc.Bindings) {
			return mc.Bindings[j]
		}
	}
	return nil
}
