package facts

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// ChanOp is a channel operation: a send, a receive (plain, comma-ok or range), a select case, or close.
type ChanOp struct {
	// Kind is send, recv or close.
	Kind  string
	Instr ssa.Instruction
	Chan  ssa.Value
	Pos   token.Pos
	// Select is the select statement the op is a case of, nil for a plain op.
	Select *ssa.Select
}

// SyncSite is a call of a sync method at a place.
type SyncSite struct {
	Op    SyncOp
	Instr ssa.CallInstruction
}

// Program is the analysed code: the functions of the packages named on the command line (dependencies are
// known by their types only), their alias classes and indexes of the operations the rules look at.
type Program struct {
	Prog    *ssa.Program
	Fset    *token.FileSet
	Funcs   []*ssa.Function
	C       *Classes
	inScope map[*ssa.Function]bool
	// Callers are the static call sites of each function (calls, go and defer statements).
	Callers    map[*ssa.Function][]ssa.CallInstruction
	ChanOps    []*ChanOp
	Sync       []*SyncSite
	makes      map[int][]*ssa.MakeChan
	byClass    map[int][]*ChanOp
	locks      map[*ssa.Function]*FuncLocks
	escaped    map[int]bool    // channel classes code outside the analysed packages may hold (chans.go)
	handed     map[int]bool    // channel classes passed to code we do not have (chans.go)
	recvOut    map[int]bool    // channel classes an exported function returns receive-only (outside.go)
	varInits   []*ssa.Function // the packages' synthetic initializers (package-level variables), not in Funcs
	rangeShut  map[int]bool    // channel classes closed as values of a map range (chans.go)
	dynIdx     *dynIndex
	hIdx       *handlerIndex // handlers called in one state of their object (handlers.go)
	condL      map[int]int
	sealedT    map[*types.Named]bool                        // container types whose contents stay per receiver (container.go)
	imports    map[*types.Package]map[string]*types.Package // import closures by path (variants.go)
	summarySrc map[roomKey]map[[2]any]bool                  // sources in a full summary list (variants.go)
	// Events collected while computing lock facts.
	Reacquires []Reacquire
	Orders     []OrderEdge
	UnderLock  []BlockedUnderLock
}

// NewProgram indexes the functions with bodies in pkgs.
func NewProgram(prog *ssa.Program, pkgs []*ssa.Package) *Program {
	p := &Program{
		Prog:    prog,
		Fset:    prog.Fset,
		C:       newClasses(),
		inScope: map[*ssa.Function]bool{},
		Callers: map[*ssa.Function][]ssa.CallInstruction{},
		makes:   map[int][]*ssa.MakeChan{},
		byClass: map[int][]*ChanOp{},
		locks:   map[*ssa.Function]*FuncLocks{},
	}
	want := map[*ssa.Package]int{}
	for i, pkg := range pkgs {
		if pkg != nil {
			want[pkg] = i + 1
		}
	}
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Synthetic == "package initializer" && want[pkgOf(fn)] != 0 {
			p.varInits = append(p.varInits, fn)
		}
		if fn.Blocks == nil || fn.Synthetic != "" || want[pkgOf(fn)] == 0 {
			continue
		}
		p.Funcs = append(p.Funcs, fn)
		p.inScope[fn] = true
	}
	p.sortFuncs(want)
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				p.C.add(instr)
				p.index(instr)
			}
		}
	}
	for _, op := range p.ChanOps {
		c := p.C.Of(op.Chan)
		p.byClass[c] = append(p.byClass[c], op)
	}
	for _, fn := range p.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					c := p.C.Of(mc)
					p.makes[c] = append(p.makes[c], mc)
				}
			}
		}
	}
	return p
}

func pkgOf(fn *ssa.Function) *ssa.Package {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Pkg == nil && fn.Origin() != nil {
		return fn.Origin().Pkg
	}
	return fn.Pkg
}

// InScope reports a function of the analysed packages.
func (p *Program) InScope(fn *ssa.Function) bool { return p.inScope[fn] }

func (p *Program) index(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Send:
		p.ChanOps = append(p.ChanOps, &ChanOp{Kind: "send", Instr: in, Chan: in.Chan, Pos: in.Pos()})
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			p.ChanOps = append(p.ChanOps, &ChanOp{Kind: "recv", Instr: in, Chan: in.X, Pos: in.Pos()})
		}
	case *ssa.Select:
		for _, st := range in.States {
			kind := "recv"
			if st.Dir == types.SendOnly {
				kind = "send"
			}
			p.ChanOps = append(p.ChanOps, &ChanOp{Kind: kind, Instr: in, Chan: st.Chan, Pos: st.Pos, Select: in})
		}
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return
	}
	common := call.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(common.Args) == 1 {
		p.ChanOps = append(p.ChanOps, &ChanOp{Kind: "close", Instr: instr, Chan: common.Args[0], Pos: call.Pos()})
	}
	if op, ok := SyncCall(common); ok {
		p.Sync = append(p.Sync, &SyncSite{Op: op, Instr: call})
	}
	if fn, _ := Callee(common); fn != nil {
		p.Callers[fn] = append(p.Callers[fn], call)
	}
}

// OpsOn lists the operations on a channel's class.
func (p *Program) OpsOn(class int) []*ChanOp { return p.byClass[class] }

// Unbuffered reports whether some make of the class is unbuffered (capacity constant 0): a send on it blocks
// until a receiver comes on at least one path. False when no make is known (a channel from outside the code).
func (p *Program) Unbuffered(class int) bool {
	for _, mc := range p.makes[class] {
		if c, ok := mc.Size.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
			if v, exact := constant.Int64Val(c.Value); exact && v == 0 {
				return true
			}
		}
	}
	return false
}

// UnbufferedFor is Unbuffered for the channel ch an operation uses, counting only the makes of its element
// type: the alias classes are type-blind (a container of channels unifies what it holds), but a `chan T` value
// can only come from a make of `chan T`.
func (p *Program) UnbufferedFor(ch ssa.Value) bool {
	return anyUnbufferedOf(p.makes[p.C.Of(ch)], ch)
}

// anyUnbufferedOf: one of makes is of ch's element type and unbuffered (capacity constant 0).
func anyUnbufferedOf(makes []*ssa.MakeChan, ch ssa.Value) bool {
	elem := chanElem(ch.Type())
	for _, mc := range makes {
		if elem != nil && !types.Identical(chanElem(mc.Type()), elem) {
			continue
		}
		if c, ok := mc.Size.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
			if v, exact := constant.Int64Val(c.Value); exact && v == 0 {
				return true
			}
		}
	}
	return false
}

func chanElem(t types.Type) types.Type {
	if c, ok := t.Underlying().(*types.Chan); ok {
		return c.Elem()
	}
	return nil
}

// Makes lists the make(chan) calls of a class.
func (p *Program) Makes(class int) []*ssa.MakeChan { return p.makes[class] }

// GoSites are the go statements that start fn directly.
func (p *Program) GoSites(fn *ssa.Function) []*ssa.Go {
	var out []*ssa.Go
	for _, c := range p.Callers[fn] {
		if g, ok := c.(*ssa.Go); ok {
			out = append(out, g)
		}
	}
	return out
}

// Started reports whether fn runs as a goroutine of its own (some go statement starts it).
func (p *Program) Started(fn *ssa.Function) bool { return len(p.GoSites(fn)) > 0 }

// ComparePos orders two positions by file, line and column (-1, 0, 1). Not by token.Pos: packages are parsed in
// parallel, so the file set's offsets, and a Pos order across files, change from run to run.
func ComparePos(fset *token.FileSet, a, b token.Pos) int {
	x, y := fset.Position(a), fset.Position(b)
	switch {
	case x.Filename != y.Filename:
		return strings.Compare(x.Filename, y.Filename)
	case x.Line != y.Line:
		return x.Line - y.Line
	}
	return x.Column - y.Column
}
