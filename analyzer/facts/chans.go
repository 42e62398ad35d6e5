package facts

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Channel facts beyond the alias classes: which channel classes leave the analysed code (so code we cannot see
// may close or drain them), which are known never to be closed (a ticker's or timer's C), and the loop a block
// lies in.

// Escaped reports a channel class that code outside the analysed packages may hold: passed to a function we do
// not have (or call through a function value or interface), converted to an interface, sent on a channel,
// received from one, returned by an exported function or kept in an exported field or variable. A class without
// a known make also counts (it comes from elsewhere).
func (p *Program) Escaped(class int) bool {
	if p.escaped == nil {
		p.escaped = map[int]bool{}
		p.handed = map[int]bool{}
		p.recvOut = map[int]bool{}
		for _, fn := range p.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					p.escapesAt(instr)
				}
			}
		}
	}
	return p.escaped[class] || len(p.makes[class]) == 0
}

func (p *Program) markEscaped(v ssa.Value) {
	if v != nil && IsChan(v.Type()) {
		p.escaped[p.C.Of(v)] = true
		p.handed[p.C.Of(v)] = true
	}
}

// HandedOut reports a channel class passed to code we do not have (a call, an interface, another channel); unlike
// Escaped it does not count channels returned by exported functions or kept in exported fields.
func (p *Program) HandedOut(class int) bool {
	p.Escaped(class)
	return p.handed[class] || len(p.makes[class]) == 0
}

func (p *Program) escapesAt(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.MakeInterface:
		p.markEscaped(in.X)
	case *ssa.Send:
		p.markEscaped(in.X)
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			p.markEscaped(in)
		}
	case *ssa.Return:
		if obj := in.Parent().Object(); obj != nil && obj.Exported() && in.Parent().Parent() == nil {
			for _, r := range in.Results {
				if ch, ok := r.Type().Underlying().(*types.Chan); ok && ch.Dir() != types.RecvOnly {
					p.escaped[p.C.Of(r)] = true
				} else if ok {
					p.recvOut[p.C.Of(r)] = true
				}
			}
		}
	case *ssa.FieldAddr:
		if f := fieldVar(in.X.Type(), in.Field); f != nil && f.Exported() && exportedNamed(in.X.Type()) {
			if ch, ok := f.Type().Underlying().(*types.Chan); ok && ch.Dir() != types.RecvOnly {
				p.escaped[p.C.Of(in)] = true
				if load := loadOf(in); load != nil {
					p.escaped[p.C.Of(load)] = true
				}
			}
		}
	case ssa.CallInstruction:
		common := in.Common()
		if _, ok := common.Value.(*ssa.Builtin); ok {
			return
		}
		if fn, _ := Callee(common); fn != nil && p.InScope(fn) {
			return
		}
		if common.IsInvoke() {
			p.markEscaped(common.Value)
		}
		for _, a := range common.Args {
			p.markEscaped(a)
		}
	}
}

// exportedNamed: a pointer to (or value of) an exported named type, whose fields other packages can reach.
func exportedNamed(t types.Type) bool {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Exported()
}

func loadOf(fa *ssa.FieldAddr) ssa.Value {
	for _, ref := range *fa.Referrers() {
		if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.MUL {
			return u
		}
	}
	return nil
}

func fieldVar(ptr types.Type, i int) *types.Var {
	t := types.Unalias(ptr).Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem()).Underlying()
	}
	if s, ok := t.(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i)
	}
	return nil
}

// IsChan reports a channel type.
func IsChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// Closed reports a close of the class anywhere in the analysed code: on a value of the class, or on the values a
// range over a map of the class's channels yields (`for _, h := range handlers { close(h) }`).
func (p *Program) Closed(class int) bool {
	for _, o := range p.byClass[class] {
		if o.Kind == "close" {
			return true
		}
	}
	if p.rangeShut == nil {
		p.rangeShut = map[int]bool{}
		for _, o := range p.ChanOps {
			if m, ok := mapRanged(o); ok {
				p.rangeShut[p.C.deref(p.C.val(m))] = true
			}
		}
	}
	return p.rangeShut[p.C.find(class)]
}

// mapRanged is the map a close's channel comes from as the value of a `for _, v := range m` (the alias classes
// unify a map's values with what is stored into it and looked up, not with what a range yields).
func mapRanged(o *ChanOp) (ssa.Value, bool) {
	if o.Kind != "close" {
		return nil, false
	}
	v := o.Chan
	for {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	ex, ok := v.(*ssa.Extract)
	if !ok || ex.Index != 2 {
		return nil, false
	}
	next, ok := ex.Tuple.(*ssa.Next)
	if !ok || next.IsString {
		return nil, false
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok {
		return nil, false
	}
	return rng.X, true
}

// NeverClosed names a channel the standard library never closes: the C of a time.Ticker or time.Timer.
func NeverClosed(v ssa.Value) (string, bool) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return "", false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return "", false
	}
	t := types.Unalias(fa.X.Type())
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "time" {
		return "", false
	}
	if n := named.Obj().Name(); (n == "Ticker" || n == "Timer") && fieldName(fa.X.Type(), fa.Field) == "C" {
		return "time." + n + ".C", true
	}
	return "", false
}

// LoopBlocks are the blocks on a cycle through b (those b reaches that reach b back), nil when b is on none.
func LoopBlocks(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fwd := closure(b, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })
	if !fwd[b] {
		return nil
	}
	back := closure(b, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Preds })
	out := map[*ssa.BasicBlock]bool{}
	for x := range fwd {
		if back[x] {
			out[x] = true
		}
	}
	return out
}

func closure(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), next(b)...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, next(x)...)
	}
	return seen
}

// ProcessLifetime reports code that runs for the whole process by design: main.main, init functions, a test
// binary's TestMain, and goroutines (and their closures) that these start directly or through a function only
// they call (`os.Exit(runMain(m))` in TestMain, then `go localServer(l)` in runMain).
func (p *Program) ProcessLifetime(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if isMainOrInit(f) {
			return true
		}
		for _, g := range p.GoSites(f) {
			if p.processRoot(g.Parent(), 2) {
				return true
			}
		}
	}
	return false
}

// processRoot: main, init or TestMain, or a named function called only by such functions (statically, up to
// depth calls away, never through a function value).
func (p *Program) processRoot(fn *ssa.Function, depth int) bool {
	if isMainOrInit(fn) {
		return true
	}
	if depth == 0 || fn.Parent() != nil || len(p.Callers[fn]) == 0 || len(p.DynCallers(fn)) > 0 {
		return false
	}
	for _, c := range p.Callers[fn] {
		if _, ok := c.(*ssa.Call); !ok || !p.processRoot(c.Parent(), depth-1) {
			return false
		}
	}
	return true
}

func isMainOrInit(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	if fn.Name() == "init" || len(fn.Name()) > 5 && fn.Name()[:5] == "init#" {
		return true
	}
	if fn.Name() == "TestMain" && fn.Signature.Params().Len() == 1 && fn.Signature.Params().At(0).Type().String() == "*testing.M" {
		return true
	}
	return fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}
