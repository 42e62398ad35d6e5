package facts

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Cond facts: which lock a sync.Cond was made with (`sync.NewCond(&s.mu)`), so that `c.L.Lock()` and `s.mu.Lock()`
// are the same lock, and whether a waiter hands off to another goroutine while it holds that lock.

func (p *Program) condIndex() map[int]int {
	if p.condL != nil {
		return p.condL
	}
	p.condL = map[int]int{}
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || len(call.Call.Args) != 1 {
					continue
				}
				f, ok := call.Call.Value.(*ssa.Function)
				if !ok || f.Name() != "NewCond" || f.Pkg == nil || f.Pkg.Pkg.Path() != "sync" {
					continue
				}
				arg := call.Call.Args[0]
				if mi, ok := arg.(*ssa.MakeInterface); ok {
					arg = mi.X
				}
				p.condL[p.C.Of(call)] = p.C.Of(arg)
			}
		}
	}
	return p.condL
}

// CondLocker is the class of the lock a Cond of class c was made with, if a NewCond of it is in the analysed code.
func (p *Program) CondLocker(c int) (int, bool) {
	l, ok := p.condIndex()[c]
	return l, ok
}

// condLockerOf recognises `c.L` (a load of the L field of a *sync.Cond) and returns the Cond's locker class.
func (p *Program) condLockerOf(v ssa.Value) (int, bool) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op.String() != "*" {
		return 0, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isSyncCond(fa.X.Type()) || fieldName(fa.X.Type(), fa.Field) != "L" {
		return 0, false
	}
	return p.CondLocker(p.C.Of(fa.X))
}

func isSyncCond(t types.Type) bool {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "Cond"
}

// lockerCall recognises `c.L.Lock()` / `c.L.Unlock()` through the sync.Locker interface of a Cond whose lock is
// known: the op and the lock's class.
func (p *Program) lockerCall(common *ssa.CallCommon) (SyncOp, int, bool) {
	if !common.IsInvoke() {
		return SyncOp{}, 0, false
	}
	switch common.Method.Name() {
	case "Lock", "Unlock":
	default:
		return SyncOp{}, 0, false
	}
	class, ok := p.condLockerOf(common.Value)
	if !ok {
		return SyncOp{}, 0, false
	}
	return SyncOp{Type: "Mutex", Method: common.Method.Name(), Recv: common.Value}, class, true
}

// HandsOffUnder reports whether, in wait's function, the goroutine holds a lock of class while it starts a
// goroutine, communicates on a channel or stores to shared memory (`waiting = true`) before reaching wait: whoever
// it hands off to runs (and signals) only once the lock is free, that is, once the waiter is inside Wait.
func (p *Program) HandsOffUnder(wait ssa.Instruction, class int) bool {
	fn := wait.Parent()
	fl := p.Locks(fn)
	for instr, held := range fl.At {
		if instr == wait || !p.Reaches(instr, wait) {
			continue
		}
		switch in := instr.(type) {
		case *ssa.Go, *ssa.Send, *ssa.Select, *ssa.Store:
		case *ssa.UnOp:
			if in.Op != token.ARROW {
				continue // a receive: the partner sent, and it may go on to signal
			}
		case *ssa.Call:
			if b, ok := in.Call.Value.(*ssa.Builtin); !ok || b.Name() != "close" {
				continue
			}
		default:
			continue
		}
		for _, h := range held {
			if !h.Ghost && h.Class == class {
				return true
			}
		}
	}
	return false
}
