package facts

import (
	"go/token"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Held is a lock held at a point: which instance (Path), which declaration (Class), read or write, and where it
// was taken.
type Held struct {
	Path  string
	Class int
	Read  bool
	Pos   token.Pos
	Desc  string
	// Ghost marks a lock of the caller this function has released (`mu.RUnlock(); mu.Lock()` upgrades): taking
	// it again afterwards is no re-acquisition. Ghosts are not held.
	Ghost bool
}

type heldSet map[string]Held

// real counts the locks really held.
func (s heldSet) real() int {
	n := 0
	for _, h := range s {
		if !h.Ghost {
			n++
		}
	}
	return n
}

// Acquire is a Lock or RLock reached from a function, directly or through its callees. Path is relative to the
// function (empty when the instance cannot be named from it); Pos is the Lock call itself, in whatever function.
type Acquire struct {
	Path  string
	Class int
	Read  bool
	Pos   token.Pos
	Fn    *ssa.Function
	Desc  string
	Instr ssa.Instruction
	// AfterRelease: the function released this instance (its caller's) before taking it again.
	AfterRelease bool
	// Released are the caller's locks (paths relative to the function) the function has released when it takes
	// this one (`sub.mu.Unlock(); nc.subsMu.Lock()`): in a caller that holds them, they are not held here.
	Released []string
	// Guards: the acquisition happens only when these flag conditions hold (see guards.go).
	Guards []Guard
	// Flagged: the Lock runs only under an `if` on a bool parameter (`if !hasLock { mu.Lock() }`): callers that
	// hold the lock pass the flag, so it is no re-acquisition in them.
	Flagged bool
}

// Block is an operation that can block a goroutine for good: a plain channel send or receive, WaitGroup.Wait or
// Cond.Wait, reached from a function directly or through its callees.
type Block struct {
	Chan *ChanOp
	Sync *SyncSite
	Pos  token.Pos
	Fn   *ssa.Function
}

// Reacquire: a lock taken again while its own instance is held (GG018).
type Reacquire struct {
	Outer Held
	Inner Acquire
	Fn    *ssa.Function
	// Call is the call in Fn through which Inner is reached (0 when Inner is in Fn).
	Call token.Pos
}

// OrderEdge: Inner taken while Outer is held (GG017); Also are the other locks held then (gate locks).
type OrderEdge struct {
	Outer Held
	Inner Acquire
	Also  []int
	Fn    *ssa.Function
	Call  token.Pos
	// At is the instruction of Fn that takes Inner (the Lock, or the call that reaches it).
	At ssa.Instruction
}

// BlockedUnderLock: a blocking operation while locks are held (GG016, GG020).
type BlockedUnderLock struct {
	Held  []Held
	Block Block
	Fn    *ssa.Function
	Call  token.Pos
}

// FuncLocks are the lock facts of one function.
type FuncLocks struct {
	// At is the must-held set before each call and channel instruction.
	At map[ssa.Instruction]heldSet
	// Acquires, Blocks: everything reached from the function, callees included (capped).
	Acquires []Acquire
	Blocks   []Block
	// AcqSites are the instructions of this function that take a lock (directly or through a call), by class.
	AcqSites map[ssa.Instruction][]int
	// NetAcq are locks still held when the function returns (lock helpers); Releases, locks of the caller it
	// releases (unlock helpers).
	NetAcq   []Held
	Releases map[string]bool
	// Returns are the must-held sets at each return.
	Returns []ReturnState
	reach   map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool
}

const maxSummary = 48

// Locks computes (once) the lock facts of fn, recording rule events on the way.
func (p *Program) Locks(fn *ssa.Function) *FuncLocks {
	if fl, ok := p.locks[fn]; ok {
		if fl == nil {
			return &FuncLocks{} // recursion: assume nothing
		}
		return fl
	}
	p.locks[fn] = nil
	fl := p.computeLocks(fn)
	p.locks[fn] = fl
	return fl
}

// HeldAt is the must-held set before instr (a call or channel instruction) of its function.
func (p *Program) HeldAt(instr ssa.Instruction) []Held {
	fl := p.Locks(instr.Parent())
	var out []Held
	for _, h := range fl.At[instr] {
		if !h.Ghost {
			out = append(out, h)
		}
	}
	return out
}

func (p *Program) computeLocks(fn *ssa.Function) *FuncLocks {
	fl := &FuncLocks{At: map[ssa.Instruction]heldSet{}, AcqSites: map[ssa.Instruction][]int{}, Releases: map[string]bool{}}
	if !p.inScope[fn] || fn.Blocks == nil {
		return fl
	}
	in := map[*ssa.BasicBlock]heldSet{fn.Blocks[0]: {}}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	queued := map[*ssa.BasicBlock]bool{fn.Blocks[0]: true}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b] = false
		out := p.transfer(fn, fl, b, copySet(in[b]), false)
		for _, s := range b.Succs {
			old, seen := in[s]
			next := out
			if seen {
				next = intersect(old, out)
				if len(next) == len(old) {
					continue
				}
			}
			in[s] = copySet(next)
			if !queued[s] {
				queued[s] = true
				work = append(work, s)
			}
		}
	}
	var exit heldSet
	exitSeen := false
	for _, b := range fn.Blocks {
		st, ok := in[b]
		if !ok {
			continue
		}
		out := p.transfer(fn, fl, b, copySet(st), true)
		if len(b.Instrs) > 0 {
			if ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return); isRet {
				fl.Returns = append(fl.Returns, ReturnState{Instr: ret, held: copySet(out)})
				if !exitSeen {
					exit, exitSeen = out, true
				} else {
					exit = intersect(exit, out)
				}
			}
		}
	}
	for _, h := range exit {
		if !Local(h.Path) && !h.Ghost {
			fl.NetAcq = append(fl.NetAcq, h)
		}
	}
	sort.Slice(fl.NetAcq, func(i, j int) bool { return fl.NetAcq[i].Path < fl.NetAcq[j].Path })
	return fl
}

func copySet(s heldSet) heldSet {
	out := make(heldSet, len(s))
	for k, v := range s {
		out[k] = v
	}
	return out
}

func intersect(a, b heldSet) heldSet {
	out := heldSet{}
	for k, v := range a {
		if _, ok := b[k]; ok {
			out[k] = v
		}
	}
	return out
}

func (p *Program) transfer(fn *ssa.Function, fl *FuncLocks, b *ssa.BasicBlock, held heldSet, record bool) heldSet {
	for _, instr := range b.Instrs {
		switch in := instr.(type) {
		case *ssa.Send, *ssa.UnOp, *ssa.Select:
			if record {
				fl.At[instr] = copySet(held)
				p.chanBlock(fn, fl, instr, held)
			}
		case *ssa.Call:
			if record {
				fl.At[instr] = copySet(held)
			}
			p.call(fn, fl, in, held, record)
		case *ssa.Go:
			if record {
				fl.At[instr] = copySet(held)
			}
		case *ssa.Store:
			if record && held.real() > 0 && !isLocalAddr(in.Addr) {
				fl.At[instr] = copySet(held)
			}
		case *ssa.RunDefers:
			p.runDefers(fn, held)
		}
	}
	return held
}

func (p *Program) chanBlock(fn *ssa.Function, fl *FuncLocks, instr ssa.Instruction, held heldSet) {
	var op *ChanOp
	switch in := instr.(type) {
	case *ssa.Send:
		op = &ChanOp{Kind: "send", Instr: in, Chan: in.Chan, Pos: in.Pos()}
	case *ssa.UnOp:
		if in.Op != token.ARROW {
			return
		}
		op = &ChanOp{Kind: "recv", Instr: in, Chan: in.X, Pos: in.Pos()}
	default:
		return
	}
	blk := Block{Chan: op, Pos: op.Pos, Fn: fn}
	p.addBlock(fl, blk)
	if held.real() > 0 {
		p.UnderLock = append(p.UnderLock, BlockedUnderLock{Held: values(held), Block: blk, Fn: fn})
	}
}

func (p *Program) addBlock(fl *FuncLocks, b Block) {
	if p.room(fl, true, b.Pos) {
		fl.Blocks = append(fl.Blocks, b)
	}
}

func values(s heldSet) []Held {
	out := make([]Held, 0, len(s))
	for _, h := range s {
		if !h.Ghost {
			out = append(out, h)
		}
	}
	return out
}

func (p *Program) call(fn *ssa.Function, fl *FuncLocks, call *ssa.Call, held heldSet, record bool) {
	common := call.Common()
	op, ok := SyncCall(common)
	class := 0
	if ok {
		class = p.C.Of(op.Recv)
	} else {
		op, class, ok = p.lockerCall(common)
	}
	if ok {
		path, _ := Path(op.Recv)
		switch {
		case op.IsAcquire():
			a := Acquire{Path: path, Class: class, Read: op.Method == "RLock", Pos: call.Pos(), Fn: fn, Desc: Describe(op.Recv), Instr: call, Flagged: flagGuarded(call.Block())}
			if g, ok := held[path]; ok && g.Ghost {
				a.AfterRelease = true
			}
			a.Released = ghosts(held, nil)
			a.Guards = guardsOf(call.Block())
			if record && !dead(a.Guards) {
				p.acquired(fn, fl, call, a, held, 0)
				if p.room(fl, false, a.Pos) {
					fl.Acquires = append(fl.Acquires, a)
				}
			}
			held[path] = Held{Path: path, Class: class, Read: a.Read, Pos: call.Pos(), Desc: a.Desc}
		case op.IsRelease():
			if !release(held, path, class) && !Local(path) {
				held[path] = Held{Path: path, Class: class, Ghost: true}
			}
			if record && !Local(path) {
				fl.Releases[path] = true
			}
		case op.Method == "Wait" && (op.Type == "WaitGroup" || op.Type == "Cond"):
			if record {
				site := &SyncSite{Op: op, Instr: call}
				blk := Block{Sync: site, Pos: call.Pos(), Fn: fn}
				p.addBlock(fl, blk)
				if held.real() > 0 {
					p.UnderLock = append(p.UnderLock, BlockedUnderLock{Held: values(held), Block: blk, Fn: fn})
				}
			}
		}
		return
	}
	callee, bindings := Callee(common)
	if callee == nil {
		p.dynCall(fn, fl, call, held, record)
		return
	}
	if !p.inScope[callee] || callee == fn {
		return
	}
	sum := p.Locks(callee)
	sub := func(path string) string {
		if s, ok := Substitute(path, common.Args, bindings); ok {
			return s
		}
		return ""
	}
	if record {
		bind := func(gs []Guard) []Guard { return bindGuards(gs, callee, common.Args, bindings) }
		p.mergeCallee(fn, fl, call, held, sum, sub, bind)
	}
	for path := range sum.Releases {
		if s := sub(path); s != "" {
			release(held, s, -1)
			if record && !Local(s) {
				fl.Releases[s] = true
			}
		}
	}
	for _, h := range sum.NetAcq {
		if s := sub(h.Path); s != "" {
			h.Path = s
			held[s] = h
		}
	}
}

// runDefers applies the releases of the function's deferred calls (`defer mu.Unlock()`, an unlock helper, a
// closure that unlocks) where the deferred calls run.
func (p *Program) runDefers(fn *ssa.Function, held heldSet) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			common := d.Common()
			if op, ok := SyncCall(common); ok {
				if op.IsRelease() {
					path, _ := Path(op.Recv)
					release(held, path, p.C.Of(op.Recv))
				}
				continue
			}
			callee, bindings := Callee(common)
			if callee == nil || !p.inScope[callee] || callee == fn {
				continue
			}
			for path := range p.Locks(callee).Releases {
				if s, ok := Substitute(path, common.Args, bindings); ok {
					release(held, s, -1)
				}
			}
		}
	}
}

// release drops a held lock (by instance, else by class); false when none was held.
func release(held heldSet, path string, class int) bool {
	if h, ok := held[path]; ok && !h.Ghost {
		delete(held, path)
		return true
	}
	// Several held locks of the class: release one by a fixed choice (the smallest path), not map order.
	best, found := "", false
	for k, h := range held {
		if h.Class == class && !h.Ghost && (!found || k < best) {
			best, found = k, true
		}
	}
	if found {
		delete(held, best)
	}
	return found
}

// acquired records what taking a while `held` are held means: a re-acquisition or lock-order edges.
func (p *Program) acquired(fn *ssa.Function, fl *FuncLocks, instr ssa.Instruction, a Acquire, held heldSet, via token.Pos) {
	fl.AcqSites[instr] = append(fl.AcqSites[instr], a.Class)
	for _, h := range held {
		if h.Ghost || a.released(h.Path) {
			continue
		}
		if a.Path != "" && h.Path == a.Path {
			if a.Flagged && via.IsValid() {
				continue
			}
			p.Reacquires = append(p.Reacquires, Reacquire{Outer: h, Inner: a, Fn: fn, Call: via})
			continue
		}
		if h.Class == a.Class {
			continue
		}
		var also []int
		for _, o := range held {
			if o.Path != h.Path && !o.Ghost && !a.released(o.Path) {
				also = append(also, o.Class)
			}
		}
		p.Orders = append(p.Orders, OrderEdge{Outer: h, Inner: a, Also: also, Fn: fn, Call: via, At: instr})
	}
}

// AcquiredBefore reports whether instr's function takes a lock of class (directly or in a callee) before instr on
// every path (the Lock dominates it), or holds it there: the goroutine running it needs that lock first.
// The position is that Lock (or the call that takes it), where such a goroutine blocks.
func (p *Program) AcquiredBefore(instr ssa.Instruction, class int) (token.Pos, bool) {
	fn := instr.Parent()
	fl := p.Locks(fn)
	for _, h := range fl.At[instr] {
		if h.Class == class && !h.Ghost {
			return h.Pos, true
		}
	}
	best := token.NoPos
	for site, classes := range fl.AcqSites {
		for _, c := range classes {
			if c == class && dominates(site, instr) && (best == token.NoPos || site.Pos() < best) {
				best = site.Pos()
			}
		}
	}
	return best, best != token.NoPos
}

// dominates: every path to b passes a first (a loop's previous iteration does not count).
func dominates(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return Index(a) < Index(b)
	}
	return a.Block().Dominates(b.Block())
}

// reaches reports a path from a to b within one function.
func (p *Program) reaches(fl *FuncLocks, a, b ssa.Instruction) bool {
	ba, bb := a.Block(), b.Block()
	if ba == bb && Index(a) < Index(b) {
		return true
	}
	if fl.reach == nil {
		fl.reach = map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool{}
	}
	r, ok := fl.reach[ba]
	if !ok {
		r = map[*ssa.BasicBlock]bool{}
		stack := append([]*ssa.BasicBlock(nil), ba.Succs...)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if r[x] {
				continue
			}
			r[x] = true
			stack = append(stack, x.Succs...)
		}
		fl.reach[ba] = r
	}
	return r[bb]
}

// Reaches reports a path from instruction a to instruction b of the same function.
func (p *Program) Reaches(a, b ssa.Instruction) bool {
	if a.Parent() != b.Parent() {
		return false
	}
	return p.reaches(p.Locks(a.Parent()), a, b)
}

// Index is instr's position in its block.
func Index(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// InLoop reports whether instr's block lies on a cycle of its function's control-flow graph.
func (p *Program) InLoop(instr ssa.Instruction) bool {
	return p.Reaches(instr, instr) || p.reaches(p.Locks(instr.Parent()), instr, instr)
}

// dynCall adds what the possible targets of a call through a func value or an interface take and block on. An
// interface call names its callee's receiver and arguments, so the instances a method locks map into the caller
// (`x.cc.UpdateState()` locking its receiver's mu is `x.cc*.mu` here); a func value's do not (a closure's
// bindings live where it was made), so its locks count by declaration only (lock order, lock held across a
// block), never as re-acquisitions. Net acquires and releases of either are not applied.
func (p *Program) dynCall(fn *ssa.Function, fl *FuncLocks, call *ssa.Call, held heldSet, record bool) {
	if !record {
		return
	}
	common := call.Common()
	sub := func(string) string { return "" }
	if common.IsInvoke() {
		args := append([]ssa.Value{common.Value}, common.Args...)
		sub = func(path string) string {
			if s, ok := Substitute(path, args, nil); ok {
				return s
			}
			return ""
		}
	}
	for _, t := range p.DynTargets(common) {
		if !p.Coexist(fn, t) {
			continue // another instance of a package (a test variant): never in this process
		}
		if t == fn || !common.IsInvoke() && p.handlerDead(call, t) {
			continue
		}
		p.mergeCallee(fn, fl, call, held, p.Locks(t), sub, nil)
	}
}

// ghosts adds the caller's locks released in held (ghosts) to paths.
func ghosts(held heldSet, paths []string) []string {
	for k, h := range held {
		if h.Ghost {
			paths = append(paths, k)
		}
	}
	return paths
}

func (a *Acquire) released(path string) bool {
	for _, r := range a.Released {
		if r == path {
			return true
		}
	}
	return false
}

// isLocalAddr: a store to the function's own variable (not captured, not reached through a pointer or field).
func isLocalAddr(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	return ok && !a.Heap
}

// flagGuarded: b runs only on one side of an `if` on a bool parameter (or its negation), found up to three
// dominators up.
func flagGuarded(b *ssa.BasicBlock) bool {
	for i := 0; i < 3 && b != nil; i++ {
		d := b.Idom()
		if d == nil {
			return false
		}
		if len(d.Instrs) > 0 {
			if cond, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok {
				v := cond.Cond
				if not, ok := v.(*ssa.UnOp); ok && not.Op == token.NOT {
					v = not.X
				}
				if _, ok := v.(*ssa.Parameter); ok {
					return true
				}
			}
		}
		b = d
	}
	return false
}

// mergeCallee records what a call reaches in its callee's summary: its Lock calls (paths mapped into the caller by
// sub) as acquisitions made here, its blocking operations as blocks made here, under the locks held at the call.
// bind maps the callee's flag guards to the call's arguments (nil: a dynamic call, guards dropped); an acquisition
// a guard rules out at this call is left out.
func (p *Program) mergeCallee(fn *ssa.Function, fl *FuncLocks, call *ssa.Call, held heldSet, sum *FuncLocks, sub func(string) string, bind func([]Guard) []Guard) {
	local := guardsOf(call.Block())
	for _, a := range sum.Acquires {
		if a.AfterRelease {
			continue // the callee released the caller's lock before taking it (or another) again
		}
		if !p.Coexist(fn, a.Fn) {
			continue // reached through a package that both instances of fn's path share (variants.go)
		}
		var gs []Guard
		if bind != nil {
			gs = bind(a.Guards)
		}
		if dead(gs) {
			continue // a flag argument of this call skips the Lock
		}
		if len(gs)+len(local) <= maxGuards {
			gs = append(gs, local...)
		}
		a.Guards = gs
		a.Path = sub(a.Path)
		var rel []string
		for _, r := range a.Released {
			if s := sub(r); s != "" {
				rel = append(rel, s)
			}
		}
		a.Released = ghosts(held, rel)
		p.acquired(fn, fl, call, a, held, call.Pos())
		if p.room(fl, false, a.Pos) {
			fl.Acquires = append(fl.Acquires, a)
		}
	}
	for _, b := range sum.Blocks {
		if !p.Coexist(fn, b.Fn) {
			continue
		}
		p.addBlock(fl, b)
		if held.real() > 0 {
			p.UnderLock = append(p.UnderLock, BlockedUnderLock{Held: values(held), Block: b, Fn: fn, Call: call.Pos()})
		}
	}
}
