package rules

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
)

// Lock-order edges kept apart by a join. hashicorp/yamux's receive loop takes a stream's lock, then the session's
// (processFlags → closeStream); Session.Close takes the session's lock, then each stream's (forceClose), but only
// after `<-s.recvDoneCh`, and the receive loop closes that channel when it returns (`defer close(s.recvDoneCh)`).
// The two orders never overlap in time. An edge pair is dropped when
//   - one edge (the late one) takes its outer lock, a field of its function's receiver, after a plain receive —
//     on every path — from a channel field of that receiver;
//   - that channel is never sent on nor held by code we do not have, and the only close of its class is one
//     deferred first thing by one function L on its own receiver's same field (L ends by closing it, and can end
//     once per channel: a second close panics);
//   - the other edge (the early one) is taken in a function that runs only inside L: every chain of callers
//     (static calls, calls through func values, interfaces and bound methods) reaches L, none starts a goroutine
//     on the way or begins in an exported function (which code we do not see may call).
// Assumed, not checked: the late edge's receiver is the session whose L takes the early edge's locks (yamux's
// stream keeps its own session); one instance of L runs per channel.

type joinIndex struct {
	dynCalls []ssa.CallInstruction  // calls with no static callee
	values   map[*ssa.Function]bool // functions used as values
	leaked   map[*ssa.Function]bool // functions whose value is handed to code we do not have
	callers  map[*ssa.Function][]ssa.CallInstruction
}

// joined reports that late's outer lock is taken only after every run of the function holding early's locks has
// returned.
func (r *Reporter) joined(early, late facts.OrderEdge) bool {
	fn := late.Fn
	if fn == nil || fn.Signature.Recv() == nil || len(fn.Params) == 0 || !ownField(late.Outer.Path) {
		return false
	}
	lock := instrAt(fn, late.Outer.Pos)
	if lock == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW || !before(recv, lock) {
				continue
			}
			path, _ := facts.Path(recv.X)
			if !strings.HasPrefix(path, "p0.") || strings.Count(path, ".") != 1 || !strings.HasSuffix(path, "*") {
				continue
			}
			if l := r.closer(recv.X, path, fn.Params[0].Type()); l != nil && r.onlyWithin(early.Fn, l, map[*ssa.Function]bool{}, 0) {
				return true
			}
		}
	}
	return false
}

// ownField: a path naming a field of the function's receiver (`p0.streamLock`).
func ownField(path string) bool {
	rest, ok := strings.CutPrefix(path, "p0.")
	return ok && rest != "" && !strings.ContainsAny(rest, ".*")
}

// instrAt is the call of fn at pos (the Lock of a held lock).
func instrAt(fn *ssa.Function, pos token.Pos) ssa.Instruction {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && c.Pos() == pos {
				return c
			}
		}
	}
	return nil
}

// closer is the one function that closes the channel ch (`p0.f*`, of a receiver of type recvT): by a defer
// registered first in its entry block, on its own receiver of the same type. Nil when the channel's class is sent
// on, closed anywhere else, or may be held by code we do not have (Escaped: handed out, returned by an exported
// function, kept in an exported field).
func (r *Reporter) closer(ch ssa.Value, path string, recvT types.Type) *ssa.Function {
	class := r.P.C.Of(ch)
	if r.P.Escaped(class) {
		return nil
	}
	var l *ssa.Function
	for _, op := range r.P.OpsOn(class) {
		switch op.Kind {
		case "send":
			return nil
		case "close":
			d, ok := op.Instr.(*ssa.Defer)
			f := op.Instr.Parent()
			if !ok || d.Block() != f.Blocks[0] || firstDefer(f) != d || len(f.Params) == 0 ||
				f.Signature.Recv() == nil || !types.Identical(f.Params[0].Type(), recvT) || l != nil && l != f {
				return nil
			}
			if p, _ := facts.Path(op.Chan); p != path {
				return nil
			}
			l = f
		}
	}
	return l
}

func firstDefer(fn *ssa.Function) *ssa.Defer {
	for _, instr := range fn.Blocks[0].Instrs {
		if d, ok := instr.(*ssa.Defer); ok {
			return d
		}
	}
	return nil
}

// onlyWithin: fn runs only inside a run of l, on l's goroutine.
func (r *Reporter) onlyWithin(fn, l *ssa.Function, seen map[*ssa.Function]bool, depth int) bool {
	switch {
	case fn == nil:
		return false
	case fn == l:
		return true
	case seen[fn]:
		return true // a cycle of callers: its other ways in are checked where the cycle is entered
	case depth > 12 || !r.P.InScope(fn):
		return false
	case fn.Parent() == nil && token.IsExported(fn.Name()), fn.Name() == "init" && fn.Parent() == nil:
		return false
	}
	seen[fn] = true
	idx := r.joins()
	if idx.leaked[fn] {
		return false
	}
	callers := r.callersOf(fn)
	if len(callers) == 0 {
		return false
	}
	for _, c := range callers {
		if _, isGo := c.(*ssa.Go); isGo {
			return false
		}
		if !r.onlyWithin(c.Parent(), l, seen, depth+1) {
			return false
		}
	}
	return true
}

// joins indexes (once) the calls with no static callee, the functions used as values (in the analysed functions
// and their packages' initializers: yamux's handler table) and those whose value goes to code we do not have.
func (r *Reporter) joins() *joinIndex {
	if r.join != nil {
		return r.join
	}
	idx := &joinIndex{values: map[*ssa.Function]bool{}, leaked: map[*ssa.Function]bool{}, callers: map[*ssa.Function][]ssa.CallInstruction{}}
	fns := append([]*ssa.Function(nil), r.P.Funcs...)
	pkgs := map[*ssa.Package]bool{}
	for _, fn := range r.P.Funcs {
		if fn.Pkg != nil && !pkgs[fn.Pkg] {
			pkgs[fn.Pkg] = true
			if init := fn.Pkg.Func("init"); init != nil {
				fns = append(fns, init)
			}
		}
	}
	mark := func(set map[*ssa.Function]bool, v ssa.Value) {
		var f *ssa.Function
		switch x := v.(type) {
		case *ssa.Function:
			f = x
		case *ssa.MakeClosure:
			f, _ = x.Fn.(*ssa.Function)
		}
		if f = underlying(f); f != nil {
			set[f] = true
		}
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var common *ssa.CallCommon
				if call, ok := instr.(ssa.CallInstruction); ok {
					common = call.Common()
					if callee, _ := facts.Callee(common); callee == nil && r.P.InScope(fn) {
						if _, builtin := common.Value.(*ssa.Builtin); !builtin {
							idx.dynCalls = append(idx.dynCalls, call)
						}
					}
				}
				for _, op := range instr.Operands(nil) {
					if op == nil || *op == nil || common != nil && *op == common.Value {
						continue
					}
					mark(idx.values, *op)
					if common != nil && !r.inScopeCall(common) {
						mark(idx.leaked, *op)
					}
					if mi, ok := instr.(*ssa.MakeInterface); ok && *op == mi.X {
						mark(idx.leaked, *op)
					}
				}
			}
		}
	}
	r.join = idx
	return idx
}

// callersOf are the calls that may run fn: static calls, and every call with no static callee it fits (a func
// value of its signature, as itself, a bound method or a method expression, when fn is used as a value; an
// interface call of its name its receiver implements).
func (r *Reporter) callersOf(fn *ssa.Function) []ssa.CallInstruction {
	idx := r.joins()
	if out, ok := idx.callers[fn]; ok {
		return out
	}
	out := append([]ssa.CallInstruction(nil), r.P.Callers[fn]...)
	sig := fn.Signature
	for _, call := range idx.dynCalls {
		common := call.Common()
		if common.IsInvoke() {
			iface, _ := common.Value.Type().Underlying().(*types.Interface)
			if sig.Recv() != nil && common.Method.Name() == fn.Name() && (iface == nil || types.Implements(sig.Recv().Type(), iface)) {
				out = append(out, call)
			}
			continue
		}
		if idx.values[fn] && fits(sig, common.Signature()) {
			out = append(out, call)
		}
	}
	idx.callers[fn] = out
	return out
}

// fits: a function of signature fn can be called as a value of signature call (receiver bound, or first).
func fits(fn, call *types.Signature) bool {
	plain := types.NewSignatureType(nil, nil, nil, fn.Params(), fn.Results(), fn.Variadic())
	if types.Identical(plain, call) {
		return true
	}
	if fn.Recv() == nil {
		return false
	}
	params := []*types.Var{fn.Recv()}
	for i := 0; i < fn.Params().Len(); i++ {
		params = append(params, fn.Params().At(i))
	}
	expr := types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), fn.Results(), fn.Variadic())
	return types.Identical(expr, call)
}

func (r *Reporter) inScopeCall(common *ssa.CallCommon) bool {
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return true
	}
	if callee, _ := facts.Callee(common); callee != nil {
		return r.P.InScope(callee)
	}
	return !common.IsInvoke()
}

// underlying maps a bound-method or method-expression wrapper to the method it calls.
func underlying(fn *ssa.Function) *ssa.Function {
	if fn == nil {
		return nil
	}
	for i := 0; i < 4 && fn != nil && fn.Synthetic != ""; i++ {
		var next *ssa.Function
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && next == nil {
					next = call.Common().StaticCallee()
				}
			}
		}
		fn = next
	}
	return fn
}
