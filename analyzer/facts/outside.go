package facts

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// What code outside the analysed packages can do, and what lives as long as the process although no main or init
// starts it: the library-API facts the channel rules use to tell "nothing here calls it" from "nobody calls it".

// ReceivedOutside reports a channel class an exported function or method returns receive-only (`Consumer()
// <-chan RPC`): code we do not see may receive from it, so a send on it can complete. Escaped does not count
// these (outside code cannot send on or close them).
func (p *Program) ReceivedOutside(class int) bool {
	p.Escaped(class)
	return p.recvOut[class]
}

// OutsideEntry reports a function code outside the analysed packages can call: an exported function, or an
// exported method of an exported named type, of a package other than main (`(*NetworkTransport).Close`: the
// library's user calls it, not the library).
func OutsideEntry(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Pkg == nil || fn.Pkg.Pkg.Name() == "main" {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || !obj.Exported() {
		return false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Exported()
}

// MadeForProcess reports a channel class whose every make sits in the body of a factory function whose every
// call keeps the result in a package-level variable (`var f = NewFunc(work)`, or the same store inside a
// sync.Once): one channel per variable, alive as long as the process, with the workers that serve it
// (fasthttp's stackless.NewFunc). Such workers waiting for a close that never comes are by design.
func (p *Program) MadeForProcess(class int) bool {
	makes := p.makes[class]
	if len(makes) == 0 {
		return false
	}
	for _, mc := range makes {
		if fn := mc.Parent(); fn.Parent() != nil || !p.globalFactory(fn) {
			return false
		}
	}
	return true
}

// globalFactory: fn is called (statically only, never used as a value) and each call's result is only stored
// into package-level variables.
func (p *Program) globalFactory(fn *ssa.Function) bool {
	callers := append([]ssa.CallInstruction(nil), p.Callers[fn]...)
	for _, init := range p.varInits { // package-level `var x = f(…)`: the package initializer is synthetic, not indexed
		for _, b := range init.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && call.Common().StaticCallee() == fn {
					callers = append(callers, call)
				}
			}
		}
	}
	if len(callers) == 0 || p.usedAsFuncValue(fn) {
		return false
	}
	for _, c := range callers {
		call, ok := c.(*ssa.Call)
		if !ok || call.Referrers() == nil || len(*call.Referrers()) == 0 {
			return false
		}
		for _, ref := range *call.Referrers() {
			st, ok := ref.(*ssa.Store)
			if !ok || st.Val != call {
				return false
			}
			if _, global := st.Addr.(*ssa.Global); !global {
				return false
			}
		}
	}
	return true
}

// usedAsFuncValue: fn flows somewhere as a function value (stored, passed, converted), so calls we cannot list
// may reach it. (usedAsValue in handlers.go adds the methods an interface call can reach.)
func (p *Program) usedAsFuncValue(fn *ssa.Function) bool {
	for _, fns := range p.dyn().funcs {
		for _, f := range fns {
			if f == fn {
				return true
			}
		}
	}
	return false
}

// HandedToCaller reports a goroutine that belongs to an object the analysed code gives back to its caller, not
// one it keeps: the function whose go statement starts it (or, when that function is itself started by a go
// statement, the one that starts it, up to depth steps) is either called by nothing here and callable from
// outside (OutsideEntry), or called only where its result is returned at once, by functions that are in turn
// handed back the same way (raft's NewNetworkTransportWithConfig, returned by each exported constructor). An
// object kept in a field or variable of the package (autonity's Node.Start keeping the account Manager) is not:
// its owner there must stop it.
func (p *Program) HandedToCaller(g *ssa.Go, depth int) bool {
	fn := g.Parent()
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return p.handedBack(fn, depth)
}

func (p *Program) handedBack(fn *ssa.Function, depth int) bool {
	if depth < 0 || p.usedAsFuncValue(fn) {
		return false
	}
	callers := p.Callers[fn]
	if len(callers) == 0 {
		return OutsideEntry(fn)
	}
	for _, c := range callers {
		switch c := c.(type) {
		case *ssa.Go:
			if !p.HandedToCaller(c, depth-1) {
				return false
			}
		case *ssa.Call:
			if !returnedAtOnce(c) {
				return false
			}
			if up := c.Parent(); up.Parent() == nil && len(p.Callers[up]) > 0 && !p.handedBack(up, depth-1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// returnedAtOnce: the call's result (each of its results) goes only into return statements.
func returnedAtOnce(call *ssa.Call) bool {
	refs := call.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.Return:
		case *ssa.Extract:
			if r.Referrers() == nil {
				return false
			}
			for _, rr := range *r.Referrers() {
				if _, ok := rr.(*ssa.Return); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}
