package rules

import (
	"strings"

	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
)

// Lock-order edges on an object no other goroutine can reach yet. A function that allocates an object, locks it
// while it sets it up and takes another lock meanwhile (nats-server's createGateway: the new client's lock, then
// the reload lock) cannot deadlock on that object: the goroutine that holds the other lock and waits for "a
// client's lock" waits for a registered client, and this one is registered only afterwards. An edge is dropped
// when its outer or inner lock is a field of an object allocated in the edge's function that has not escaped
// (stored, passed to a call, captured, converted, returned) on any path to where the edge's inner lock is taken.

// unpublished reports an edge whose outer or inner lock is on an object still private to its function there.
func (r *Reporter) unpublished(e facts.OrderEdge) bool {
	if e.At == nil {
		return false
	}
	return r.private(e.Fn, e.Outer.Path, e.At) || !e.Call.IsValid() && r.private(e.Fn, e.Inner.Path, e.At)
}

// private: path is a field of an object allocated in fn (`l:t3.mu`) that nothing publishes before at.
func (r *Reporter) private(fn *ssa.Function, path string, at ssa.Instruction) bool {
	if !strings.HasPrefix(path, "l:") {
		return false
	}
	name, field, ok := strings.Cut(path[2:], ".")
	if !ok || strings.ContainsAny(field, ".*") {
		return false
	}
	alloc := findAlloc(fn, name)
	if alloc == nil || !alloc.Heap {
		return false
	}
	for _, esc := range publishes(alloc) {
		if esc == at || r.P.Reaches(esc, at) {
			return false
		}
	}
	return true
}

func findAlloc(fn *ssa.Function, name string) *ssa.Alloc {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if a, ok := instr.(*ssa.Alloc); ok && a.Name() == name {
				return a
			}
		}
	}
	return nil
}

// publishes are the instructions that can hand the object (or the address of one of its fields) to anyone else:
// everything but field stores and loads and the sync calls on its own mutexes.
func publishes(a *ssa.Alloc) []ssa.Instruction {
	var out []ssa.Instruction
	for _, ref := range *a.Referrers() {
		switch x := ref.(type) {
		case *ssa.FieldAddr:
			for _, fr := range *x.Referrers() {
				switch y := fr.(type) {
				case *ssa.Store:
					if y.Addr != x {
						out = append(out, y)
					}
				case *ssa.UnOp, *ssa.DebugRef:
				case *ssa.Call:
					if _, ok := facts.SyncCall(y.Common()); !ok {
						out = append(out, y)
					}
				default:
					out = append(out, fr)
				}
			}
		case *ssa.Store:
			if x.Addr != a {
				out = append(out, x)
			}
		case *ssa.DebugRef:
		default:
			out = append(out, ref)
		}
	}
	return out
}
