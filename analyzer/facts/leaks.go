package facts

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// ReturnState is the must-held lock set at one return of a function.
type ReturnState struct {
	Instr *ssa.Return
	held  heldSet
}

// Leak is a lock a function takes and releases on some paths but still holds on one of its returns (an early
// `return` between Lock and Unlock), or still holds when its loop comes back to the same Lock (a `continue`
// between Lock and Unlock): the next Lock of that mutex, by this goroutine or any other, blocks forever.
type Leak struct {
	Fn   *ssa.Function
	Lock Held
	// Return is the return that leaks it (nil for a loop).
	Return *ssa.Return
	// Again is the Lock reached again with the mutex held (loop case).
	Again token.Pos
}

// Leaks finds the leaked locks of the analysed functions.
func (p *Program) Leaks() []Leak {
	var out []Leak
	for _, fn := range p.Funcs {
		fl := p.Locks(fn)
		if len(fl.Returns) == 0 {
			continue
		}
		out = append(out, p.returnLeaks(fn, fl)...)
		out = append(out, p.loopLeaks(fn, fl)...)
	}
	return out
}

// ownLock: fn locks path (itself or through a helper) and releases it somewhere. Taking back the caller's lock
// after releasing it (`n.Unlock(); time.Sleep(…); n.Lock()` in a function entered with the lock held) is not
// locking it: the returns that skip the release hold the caller's lock too.
func ownLock(fl *FuncLocks, path string) bool {
	if !fl.Releases[path] {
		return false
	}
	for _, a := range fl.Acquires {
		if a.Path == path && !a.AfterRelease {
			return true
		}
	}
	return false
}

func (p *Program) returnLeaks(fn *ssa.Function, fl *FuncLocks) []Leak {
	var out []Leak
	for _, r := range fl.Returns {
		for path, h := range r.held {
			if h.Ghost || Local(path) || !ownLock(fl, path) {
				continue
			}
			released := false
			for _, o := range fl.Returns {
				if _, ok := o.held[path]; !ok {
					released = true
				}
			}
			if released {
				out = append(out, Leak{Fn: fn, Lock: h, Return: r.Instr})
			}
		}
	}
	return out
}

// loopLeaks: from a direct Lock, a path that comes back to it without releasing the mutex.
func (p *Program) loopLeaks(fn *ssa.Function, fl *FuncLocks) []Leak {
	var out []Leak
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, ok := SyncCall(call.Common())
			if !ok || !op.IsAcquire() {
				continue
			}
			path, named := Path(op.Recv)
			if !named {
				continue
			}
			if p.relockedInLoop(fn, call, b, i, path) {
				out = append(out, Leak{Fn: fn, Lock: Held{Path: path, Class: p.C.Of(op.Recv), Read: op.Method == "RLock", Pos: call.Pos(), Desc: Describe(op.Recv)}, Again: call.Pos()})
			}
		}
	}
	return out
}

func (p *Program) relockedInLoop(fn *ssa.Function, lock *ssa.Call, b *ssa.BasicBlock, i int, path string) bool {
	seen := map[*ssa.BasicBlock]bool{}
	var walk func(b *ssa.BasicBlock, from int) bool
	walk = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if instr == ssa.Instruction(lock) {
				return true
			}
			if p.releases(fn, instr, path) {
				return false
			}
			if _, ok := instr.(*ssa.Panic); ok {
				return false
			}
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				if walk(s, 0) {
					return true
				}
			}
		}
		return false
	}
	return walk(b, i+1)
}

// releases: instr unlocks path (directly or through a callee), or is a call whose effect on locks is unknown.
func (p *Program) releases(fn *ssa.Function, instr ssa.Instruction, path string) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isGo := instr.(*ssa.Go); isGo {
		return false
	}
	common := call.Common()
	if op, ok := SyncCall(common); ok {
		if !op.IsRelease() && !(op.Type == "Cond" && op.Method == "Wait") {
			return false
		}
		q, _ := Path(op.Recv)
		return q == path || op.Type == "Cond" || !isNamed(op.Recv)
	}
	callee, bindings := Callee(common)
	if callee == nil {
		return common.IsInvoke() || len(p.DynTargets(common)) > 0
	}
	if !p.inScope[callee] || callee == fn {
		return false
	}
	for r := range p.Locks(callee).Releases {
		if s, ok := Substitute(r, common.Args, bindings); !ok || s == path {
			return true
		}
	}
	return false
}

func isNamed(v ssa.Value) bool {
	_, ok := Path(v)
	return ok
}
