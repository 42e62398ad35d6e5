package rules

// GG017 — lock-order inversion (AB–BA).
//
// One path takes B while holding A, another takes A while holding B: two goroutines on the two paths can each
// hold one lock and wait for the other forever. Edges of the lock-order graph come from the must-held set at
// every Lock (through callees too); locks are compared by declaration (alias class), not instance. Not
// reported: both inner acquisitions read locks, or both paths hold a common third (gate) lock; edges that climb
// back references (gg017_older.go), lock an object not yet published (gg017_fresh.go) or step into a value the
// outer lock's owner wraps (gg017_wrapped.go); pairs whose one order runs only before a join the other waits for
// (gg017_join.go).

import (
	"fmt"
	"go/token"
	"sort"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"
)

func gg017(r *Reporter) {
	type pair struct{ a, b int }
	edges := map[pair][]facts.OrderEdge{}
	for _, e := range r.P.Orders {
		if r.unpublished(e) {
			continue
		}
		k := pair{e.Outer.Class, e.Inner.Class}
		edges[k] = append(edges[k], e)
	}
	// The edges come in map order (held sets are maps): pick each pair's example by position, so a run reports
	// the same lines as the last.
	keys := make([]pair, 0, len(edges))
	less := func(a, b facts.OrderEdge) bool { return edgeLess(r.P.Fset, a, b) }
	for k, es := range edges {
		sort.SliceStable(es, func(i, j int) bool { return less(es[i], es[j]) })
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(edges[keys[i]][0], edges[keys[j]][0]) })
	for _, k := range keys {
		ab := edges[k]
		ba := edges[pair{k.b, k.a}]
		if len(ba) == 0 {
			continue
		}
		for _, e1 := range ab {
			for _, e2 := range ba {
				if e1.Inner.Read && e2.Inner.Read || gated(e1, e2) || r.climbs(e1) && r.climbs(e2) ||
					r.joined(e1, e2) || r.joined(e2, e1) || r.wrapped(e1) || r.wrapped(e2) {
					continue
				}
				a, b := Short(e1.Outer.Desc), Short(e1.Inner.Desc)
				f := protocol.Finding{
					Message: fmt.Sprintf("locks `%s` while holding `%s` (locked at %s), but %s locks them in the opposite order: two goroutines can each hold one and wait for the other",
						b, a, r.Line(e1.Outer.Pos), r.Line(e2.Inner.Pos)),
					Lock: e1.Inner.Desc,
				}
				f.Related = []protocol.Related{
					r.Related(e1.Fn, e1.Outer.Pos, fmt.Sprintf("`%s` locked first here", a)),
					r.Related(e2.Inner.Fn, e2.Inner.Pos, fmt.Sprintf("the other order: `%s` locked while `%s` is held", Short(e2.Inner.Desc), Short(e2.Outer.Desc))),
					r.Related(e2.Fn, e2.Outer.Pos, fmt.Sprintf("`%s` locked first here", Short(e2.Outer.Desc))),
				}
				if e1.Call.IsValid() {
					f.Related = append(f.Related, r.Related(e1.Fn, e1.Call, "through this call"))
				}
				r.Report(e1.Inner.Fn, e1.Inner.Pos, f)
				goto next
			}
		}
	next:
	}
}

func gated(e1, e2 facts.OrderEdge) bool {
	for _, x := range e1.Also {
		for _, y := range e2.Also {
			if x == y {
				return true
			}
		}
	}
	return false
}

// edgeLess orders edges by file, line and column of their inner Lock, outer Lock and call.
func edgeLess(fset *token.FileSet, a, b facts.OrderEdge) bool {
	for _, pp := range [][2]token.Pos{{a.Inner.Pos, b.Inner.Pos}, {a.Outer.Pos, b.Outer.Pos}, {a.Call, b.Call}} {
		if c := facts.ComparePos(fset, pp[0], pp[1]); c != 0 {
			return c < 0
		}
	}
	return false
}
