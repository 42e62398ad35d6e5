package rules

// GG002 (deep) — a stop signal sent instead of closed, with more loops waiting for it than sends.
//
// Several goroutine loops leave when a channel delivers (`case <-stop: return`), and the code signals them with
// plain sends, fewer than the loops (each send outside any loop). A send wakes one receiver; the others keep
// waiting for a signal that never comes. Closing the channel wakes them all. Channels that leave the analysed
// code, or that something closes, are not reported. Reported at each loop's select (where a goroutine dump shows
// the stuck loop), with the case as a related location.

import (
	"fmt"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

func gg002Signal(r *Reporter) {
	exits := map[int][]*facts.ChanOp{}
	var classes []int
	for _, op := range r.P.ChanOps {
		if op.Kind != "recv" || op.Select == nil {
			continue
		}
		loop := facts.LoopBlocks(op.Select.Block())
		bodies := caseBodies(op)
		if loop == nil || len(bodies) == 0 || loop[bodies[0].Block()] {
			continue // not a loop, or the case does not leave it
		}
		class := r.P.C.Of(op.Chan)
		if r.P.Escaped(class) || r.P.Closed(class) || len(r.P.Runs(op.Instr.Parent(), maxCallDepth)) == 0 {
			continue
		}
		if len(exits[class]) == 0 {
			classes = append(classes, class)
		}
		exits[class] = append(exits[class], op)
	}
	for _, class := range classes {
		loops := map[*ssa.Function]bool{}
		for _, op := range exits[class] {
			loops[op.Instr.Parent()] = true
		}
		var sends []*facts.ChanOp
		once := true
		for _, o := range r.P.OpsOn(class) {
			if o.Kind != "send" {
				continue
			}
			sends = append(sends, o)
			if r.P.InLoop(o.Instr) || calledInLoop(r, o.Instr.Parent()) {
				once = false
			}
		}
		if len(loops) < 2 || len(sends) == 0 || !once || len(sends) >= len(loops) {
			continue
		}
		name := Short(facts.Describe(exits[class][0].Chan))
		for _, op := range exits[class] {
			f := protocol.Finding{
				Message: fmt.Sprintf("%d loops leave when `%s` delivers, but it is only sent on (%d send), never closed: a send wakes one loop, and the others wait for a signal that never comes",
					len(loops), name, len(sends)),
			}
			f.Related = append(f.Related, r.Related(op.Instr.Parent(), op.Pos, fmt.Sprintf("the loop leaves here when `%s` delivers", name)))
			for _, s := range sends {
				f.Related = append(f.Related, r.Related(s.Instr.Parent(), s.Pos, "the only signal: one value"))
			}
			f.Related = append(f.Related, r.waitersFor(op.Instr.Parent())...)
			r.Report(op.Instr.Parent(), op.Select.Pos(), f) // where the goroutine waits: the select
		}
	}
}

// calledInLoop: some static call of fn sits in a loop.
func calledInLoop(r *Reporter, fn *ssa.Function) bool {
	for _, c := range r.P.Callers[fn] {
		if r.P.InLoop(c) {
			return true
		}
	}
	return false
}
