// Package rules holds the deep engine's rules, one file each (gg016.go…). A rule reads the program facts and
// reports findings in the protocol's shape; ids, titles and docs are shared with the TypeScript side
// (docs/rules/GGnnn.md).
package rules

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

// Rule is one check over the whole program.
type Rule struct {
	ID  string
	Run func(r *Reporter)
}

// All rules in id order.
var All = []Rule{
	{"GG001", gg001},
	{"GG002", gg002},
	{"GG012", gg012},
	{"GG013", gg013},
	{"GG016", gg016},
	{"GG017", gg017},
	{"GG018", gg018},
	{"GG019", gg019},
	{"GG020", gg020},
}

// Reporter collects one rule's findings, deduplicated by location.
type Reporter struct {
	P        *facts.Program
	rule     string
	seen     map[string]bool
	Findings []protocol.Finding
	older    map[*types.Var]bool // gg017_older.go
	join     *joinIndex          // gg017_join.go
}

// Run runs the enabled rules (all when enabled is empty).
func Run(p *facts.Program, enabled map[string]bool) []protocol.Finding {
	var out []protocol.Finding
	for _, fn := range p.Funcs {
		p.Locks(fn) // record the lock events of every function
	}
	for _, rule := range All {
		if len(enabled) > 0 && !enabled[rule.ID] {
			continue
		}
		r := &Reporter{P: p, rule: rule.ID, seen: map[string]bool{}}
		rule.Run(r)
		out = append(out, r.Findings...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Location, out[j].Location
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return out[i].RuleID < out[j].RuleID
	})
	return out
}

// Report adds a finding at pos in fn unless one of this rule is already there.
func (r *Reporter) Report(fn *ssa.Function, pos token.Pos, f protocol.Finding) {
	if !pos.IsValid() {
		return
	}
	f.RuleID = r.rule
	f.Location = r.Pos(fn, pos)
	key := fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	if f.CreatedAt == nil {
		f.CreatedAt = r.CreatedAt(fn)
	}
	r.Findings = append(r.Findings, f)
}

// Pos converts a position in fn to the protocol's shape.
func (r *Reporter) Pos(fn *ssa.Function, pos token.Pos) protocol.Pos {
	at := r.P.Fset.Position(pos)
	out := protocol.Pos{File: at.Filename, Line: at.Line, Column: at.Column}
	if fn != nil {
		out.Func = DumpName(fn)
	}
	return out
}

// Related is a secondary location.
func (r *Reporter) Related(fn *ssa.Function, pos token.Pos, msg string) protocol.Related {
	return protocol.Related{Pos: r.Pos(fn, pos), Message: msg}
}

// CreatedAt is the go statement that starts fn (or the function it is a closure of), if any.
func (r *Reporter) CreatedAt(fn *ssa.Function) *protocol.Pos {
	for f := fn; f != nil; f = f.Parent() {
		for _, g := range r.P.GoSites(f) {
			pos := r.Pos(g.Parent(), g.Pos())
			return &pos
		}
		if f.Parent() == nil {
			break
		}
		// A closure called in place runs in its parent's goroutine; one started by go was caught above.
		if len(r.P.Callers[f]) == 0 {
			break
		}
	}
	return nil
}

// Line is `file.go:12` for messages.
func (r *Reporter) Line(pos token.Pos) string {
	at := r.P.Fset.Position(pos)
	name := at.Filename
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return fmt.Sprintf("%s:%d", name, at.Line)
}

// DumpName spells a function as a goroutine dump does: `example.com/p.(*T).m.func1`.
func DumpName(fn *ssa.Function) string {
	var suffix []string
	for fn.Parent() != nil {
		idx := 0
		for i, a := range fn.Parent().AnonFuncs {
			if a == fn {
				idx = i + 1
			}
		}
		if fn.Parent().Parent() == nil {
			suffix = append([]string{fmt.Sprintf("func%d", idx)}, suffix...)
		} else {
			suffix = append([]string{fmt.Sprint(idx)}, suffix...)
		}
		fn = fn.Parent()
	}
	name := fn.Name()
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		star := ""
		s := t.String()
		if strings.HasPrefix(s, "*") {
			star, s = "*", s[1:]
		}
		if i := strings.LastIndex(s, "."); i >= 0 {
			s = s[i+1:]
		}
		if i := strings.Index(s, "["); i >= 0 {
			s = s[:i]
		}
		if star != "" {
			name = "(*" + s + ")." + name
		} else {
			name = s + "." + name
		}
	}
	pkg := ""
	if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg.Path() + "."
	} else if o := fn.Origin(); o != nil && o.Pkg != nil {
		pkg = o.Pkg.Pkg.Path() + "."
	}
	out := pkg + name
	if len(suffix) > 0 {
		out += "." + strings.Join(suffix, ".")
	}
	return out
}

// Guarded reports whether the goroutine that runs op's instruction must take a lock of class first: it holds
// it there or takes it on the way, in op's function or in every caller of it (one level up).
// The result is where that goroutine takes the lock (blocks), with its function.
func (r *Reporter) Guarded(instr ssa.Instruction, class int) (*ssa.Function, token.Pos, bool) {
	if pos, ok := r.P.AcquiredBefore(instr, class); ok {
		return instr.Parent(), pos, true
	}
	callers := r.P.Callers[instr.Parent()]
	if len(callers) == 0 {
		return nil, token.NoPos, false
	}
	var fn *ssa.Function
	first := token.NoPos
	for _, c := range callers {
		call, ok := c.(*ssa.Call)
		if !ok || !r.P.InScope(call.Parent()) {
			return nil, token.NoPos, false
		}
		pos, ok := r.P.AcquiredBefore(call, class)
		if !ok {
			return nil, token.NoPos, false
		}
		if first == token.NoPos {
			fn, first = call.Parent(), pos
		}
	}
	return fn, first, true
}

// Complements lists the operations that would unblock op: the receives for a send, the sends and closes for a
// receive.
func (r *Reporter) Complements(op *facts.ChanOp) []*facts.ChanOp {
	var out []*facts.ChanOp
	for _, o := range r.P.OpsOn(r.P.C.Of(op.Chan)) {
		switch op.Kind {
		case "send":
			if o.Kind == "recv" {
				out = append(out, o)
			}
		case "recv":
			if o.Kind == "send" || o.Kind == "close" {
				out = append(out, o)
			}
		}
	}
	return out
}

// SyncOn lists the sync calls of a type and methods on the class of v.
func (r *Reporter) SyncOn(class int, typ string, methods ...string) []*facts.SyncSite {
	var out []*facts.SyncSite
	for _, s := range r.P.Sync {
		if s.Op.Type != typ && !(typ == "Mutex" && s.Op.Type == "RWMutex") {
			continue
		}
		for _, m := range methods {
			if s.Op.Method == m && r.P.C.Of(s.Op.Recv) == class {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// HandedOff reports a mutex class that a goroutine other than fn's unlocks without locking it first: the mutex is
// used as a semaphore (locked here, released by another goroutine), so locking it again waits for that goroutine,
// not forever. The other goroutine is one that some go statement starts, or — when fn itself runs only as a
// goroutine — any function fn does not call (the parent that started fn and then unlocks, say).
func (r *Reporter) HandedOff(class int, fn *ssa.Function) bool {
	for _, s := range r.SyncOn(class, "Mutex", "Unlock", "RUnlock") {
		other := s.Instr.Parent()
		if other == fn || !r.P.Started(other) && !(r.onlyGoroutine(fn) && !r.calls(fn, other, map[*ssa.Function]bool{})) {
			continue
		}
		if _, own := r.P.AcquiredBefore(s.Instr, class); !own {
			return true // it releases a lock it did not take
		}
	}
	return false
}

// onlyGoroutine: every way into fn is a go statement (no plain call, no call through a function value), so it
// never runs on the goroutine of the code that starts it.
func (r *Reporter) onlyGoroutine(fn *ssa.Function) bool {
	callers := r.P.Callers[fn]
	if len(callers) == 0 || len(r.P.DynCallers(fn)) > 0 {
		return false
	}
	for _, c := range callers {
		if _, ok := c.(*ssa.Go); !ok {
			return false
		}
	}
	return true
}

// calls reports whether fn reaches target through calls (static, or through function values and interfaces)
// on its own goroutine.
func (r *Reporter) calls(fn, target *ssa.Function, seen map[*ssa.Function]bool) bool {
	if fn == target {
		return true
	}
	if seen[fn] {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue
			}
			callees := r.P.Targets(call.Common())
			if callee, _ := facts.Callee(call.Common()); callee != nil {
				callees = []*ssa.Function{callee}
			}
			for _, c := range callees {
				if r.P.InScope(c) && r.calls(c, target, seen) {
					return true
				}
			}
		}
	}
	return false
}
