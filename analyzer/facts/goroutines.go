package facts

import "golang.org/x/tools/go/ssa"

// Which goroutine runs a function: the go statements that start it directly, through calls of named functions
// and methods, or through function values (a closure stored in a field and called from there: the alias classes
// say which function values a dynamic call may reach).

// Run is how a goroutine reaches an operation: the go statement, then the calls from the started function down
// to the operation's function (empty when the go statement starts that function itself).
type Run struct {
	Go    *ssa.Go
	Calls []*ssa.Call
}

// Runs lists the goroutines that execute fn, through at most depth calls (static or through function values).
// Nil when some way into fn does not start from a go statement within that depth (fn may also run on its
// caller's goroutine, or is called from code we do not see).
func (p *Program) Runs(fn *ssa.Function, depth int) []Run {
	var out []Run
	for _, g := range p.GoSites(fn) {
		out = append(out, Run{Go: g})
	}
	var calls []*ssa.Call
	for _, c := range p.Callers[fn] {
		switch c := c.(type) {
		case *ssa.Call:
			calls = append(calls, c)
		case *ssa.Defer:
			return nil
		}
	}
	calls = append(calls, p.DynCallers(fn)...)
	if len(out) == 0 && len(calls) == 0 {
		return nil
	}
	for _, c := range calls {
		if depth == 0 {
			return nil
		}
		up := p.Runs(c.Parent(), depth-1)
		if up == nil {
			return nil
		}
		for _, u := range up {
			out = append(out, Run{Go: u.Go, Calls: append(append([]*ssa.Call(nil), u.Calls...), c)})
		}
	}
	return out
}
