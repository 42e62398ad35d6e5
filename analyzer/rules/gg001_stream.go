package rules

// GG001 (deep, across functions) — a goroutine's plain send that can outlive its receiver.
//
// The goroutine sends with a plain `ch <- v` (not a select with a way out), on a channel that never leaves the
// analysed code, and reached through calls of named functions, methods or function values kept in fields. The
// send blocks forever when every receiver of the channel can stop receiving while the goroutine still sends:
//   - the goroutine sends more than once (the send is in a loop of its function, on the same channel every
//     iteration, or its function is called from a loop driven by a ticker), and each receiver is a loop that can leave on its own account — a count, `return err` — not
//     only when the channel is closed or another channel fires (a stop signal, ctx.Done(), the producer's own
//     report): any buffer fills up. A single receive per call is left alone (calls may pair with the sends);
//   - or the goroutine sends once on an unbuffered channel, and each receiver is a select whose other case can
//     be taken instead (a timeout, ctx.Done()) and that does not come back for the value.
// A receiver that drains the channel until it is closed, or that loops forever, keeps the sender going and
// clears the finding. Producers that live as long as the process (started by main or init) are left alone.

import (
	"fmt"
	"go/token"
	"go/types"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"

	"golang.org/x/tools/go/ssa"
)

const maxCallDepth = 3

func gg001Stream(r *Reporter) {
	for _, op := range r.P.ChanOps {
		send, ok := op.Instr.(*ssa.Send)
		if !ok || op.Select != nil {
			continue
		}
		fn := send.Parent()
		class := r.P.C.Of(send.Chan)
		if r.P.ProcessLifetime(fn) || r.P.Escaped(class) {
			continue
		}
		runs := r.P.Runs(fn, maxCallDepth)
		if len(runs) == 0 || len(runs) > 8 {
			continue
		}
		repeated := r.P.InLoop(send) && loopInvariant(send.Chan, facts.LoopBlocks(send.Block()))
		own := map[*ssa.Function]bool{fn: true}
		ticking := false
		for _, run := range runs {
			if child, _ := facts.Callee(run.Go.Common()); child != nil {
				own[child] = true
			}
			for _, c := range run.Calls {
				own[c.Parent()] = true
				if _, static := c.Call.Value.(*ssa.Function); static && r.tickerLoop(c) {
					repeated, ticking = true, true // called on every tick, without end
				}
			}
		}
		if !repeated && !r.P.Unbuffered(class) {
			continue
		}
		var recvs []*facts.ChanOp
		for _, o := range r.P.OpsOn(class) {
			if o.Kind == "recv" {
				recvs = append(recvs, o)
			}
		}
		if len(recvs) == 0 {
			continue
		}
		done := func(b *ssa.BasicBlock) bool { return r.afterOtherReceive(b, class) }
		var lasts []ssa.Value
		if repeated {
			lasts = r.lastValues(send, class)
		}
		stops := true
		for _, o := range recvs {
			if drains(o) {
				stops = false // a range (or ok loop) that takes everything until close
			}
		}
		for _, o := range recvs {
			if own[o.Instr.Parent()] || !consumerStops(o, repeated, ticking, done, lasts) {
				stops = false
				break
			}
		}
		if !stops {
			continue
		}
		name := chanName(send.Chan)
		g := runs[0].Go
		var where []string
		f := protocol.Finding{Related: []protocol.Related{r.Related(g.Parent(), g.Pos(), "goroutine started here")}}
		for i, o := range recvs {
			if i < 3 {
				where = append(where, r.Line(o.Pos))
				f.Related = append(f.Related, r.Related(o.Instr.Parent(), o.Pos, "receiver that can stop before the sender"))
			}
		}
		if repeated {
			f.Message = fmt.Sprintf("the goroutine keeps sending on `%s` with a plain send, but every receiver (%s) can stop taking values first (a bounded count or an early return): once the buffer is full this send blocks forever",
				name, joinLines(where))
		} else {
			f.Message = fmt.Sprintf("send on `%s` (unbuffered) blocks forever when the receiver's select (%s) takes another case and does not come back for the value",
				name, joinLines(where))
		}
		r.Report(fn, send.Pos(), f)
	}
}

// consumerStops: the receive can stop taking values from the channel while the sender goes on. Sending once,
// only a select with another way out counts. A plain receive's exit on a value in lasts (the producer's
// sentinel) is the producer's decision and does not count.
func consumerStops(o *facts.ChanOp, repeated, unbounded bool, done func(*ssa.BasicBlock) bool, lasts []ssa.Value) bool {
	ignore := func(_, s *ssa.BasicBlock) bool { return done(s) }
	if o.Select != nil {
		loop := facts.LoopBlocks(o.Select.Block())
		alternatives := len(o.Select.States) > 1 || !o.Select.Blocking
		if loop == nil {
			return alternatives && !repeated
		}
		// A select in a loop comes back for the value unless the loop ends; a single send waits for that. Leaving
		// when this case sees the channel closed (`case v, ok := <-ch: if !ok { return }`) is draining, not stopping.
		return repeated && alternatives && hasExit(loop, selectClosedBranch(o), ignore, !unbounded)
	}
	if !repeated {
		return false
	}
	u := o.Instr.(*ssa.UnOp)
	loop := facts.LoopBlocks(u.Block())
	if loop == nil {
		return false // one value per call: the calls may pair with the sends (request and reply)
	}
	var closed *closedEdge
	if u.CommaOk {
		closed = closedBranch(u)
	}
	v := receivedValue(u)
	return hasExit(loop, closed, func(b, s *ssa.BasicBlock) bool { return done(s) || sentinelEdge(b, s, v, lasts) }, !unbounded)
}

// afterOtherReceive: b runs only after a receive from another channel: the consumer leaves on a signal (a
// stop channel, ctx.Done(), the producer's own "done" or error report). Such exits are shutdown protocols the
// producer usually takes part in; only exits of the consumer's own making (a count, `return err`) are counted.
func (r *Reporter) afterOtherReceive(b *ssa.BasicBlock, class int) bool {
	for _, o := range r.P.ChanOps {
		if o.Kind != "recv" || o.Instr.Parent() != b.Parent() || r.P.C.Of(o.Chan) == class {
			continue
		}
		if o.Select == nil {
			if o.Instr.Block().Dominates(b) && o.Instr.Block() != b {
				return true
			}
			continue
		}
		for _, first := range caseBodies(o) {
			if first.Block().Dominates(b) {
				return true
			}
		}
	}
	// A select's dispatch (`if idx == k goto case k else next`) whose every way on is such a case, or a panic.
	if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
		if cmp, ok := iff.Cond.(*ssa.BinOp); ok && cmp.Op == token.EQL {
			if ex, ok := cmp.X.(*ssa.Extract); ok && ex.Index == 0 {
				if _, ok := ex.Tuple.(*ssa.Select); ok {
					next := b.Succs[1]
					return r.afterOtherReceive(b.Succs[0], class) && (panics(next) || r.afterOtherReceive(next, class))
				}
			}
		}
	}
	return false
}

// tickerLoop: instr sits in a loop that waits on a time.Ticker's or Timer's channel each time round: it runs
// again and again, whatever the consumer does.
func (r *Reporter) tickerLoop(instr ssa.Instruction) bool {
	loop := facts.LoopBlocks(instr.Block())
	if loop == nil {
		return false
	}
	for _, o := range r.P.ChanOps {
		if o.Kind == "recv" && o.Instr.Parent() == instr.Parent() && loop[o.Instr.Block()] {
			if _, tick := facts.NeverClosed(o.Chan); tick {
				return true
			}
		}
	}
	return false
}

// loopInvariant: the channel a send in a loop uses is the same on every iteration (not `subs[i]`, not a field
// of a value received or looked up in the loop).
func loopInvariant(v ssa.Value, loop map[*ssa.BasicBlock]bool) bool {
	for {
		instr, ok := v.(ssa.Instruction)
		if !ok || !loop[instr.Block()] {
			return true // a parameter, free variable, global, constant, or computed before the loop
		}
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return false
		}
	}
}

// hasExit: an edge leaves the loop other than skip (the channel-closed edge), other than into a panic and
// other than after the sender signalled it is done (ignore: a signal on another channel, a sentinel value), and — when counts may match (the producer's loop is
// bounded too) — other than a counting loop's condition.
func hasExit(loop map[*ssa.BasicBlock]bool, skip *closedEdge, ignore func(b, s *ssa.BasicBlock) bool, countsMatch bool) bool {
	for b := range loop {
		for _, s := range b.Succs {
			if loop[s] || panics(s) || skip != nil && b == skip.from && s == skip.to || ignore(b, s) || countsMatch && countingTest(b, loop) {
				continue
			}
			return true
		}
	}
	return false
}

// chanName names a channel for messages; a field of an anonymous struct field keeps its outer name
// (`T.resolved.C`).
func chanName(v ssa.Value) string {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if fa, ok := u.X.(*ssa.FieldAddr); ok {
			if inner, ok := fa.X.(*ssa.FieldAddr); ok {
				if st, ok := types.Unalias(fa.X.Type()).Underlying().(*types.Pointer); ok {
					if s, ok := st.Elem().(*types.Struct); ok && fa.Field < s.NumFields() {
						return chanName(&ssa.UnOp{Op: token.MUL, X: inner}) + "." + s.Field(fa.Field).Name()
					}
				}
			}
		}
	}
	return Short(facts.Describe(v))
}

// drains: o is a range or `v, ok := <-ch` loop whose own iterations never leave other than on close: from the
// value-received edge, every path comes back to the receive (or panics) without reaching a return.
func drains(o *facts.ChanOp) bool {
	u, ok := o.Instr.(*ssa.UnOp)
	if !ok || !u.CommaOk {
		return false
	}
	closed := closedBranch(u)
	if closed == nil {
		return false
	}
	var open *ssa.BasicBlock
	for _, s := range closed.from.Succs {
		if s != closed.to {
			open = s
		}
	}
	if open == nil {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{u.Block(): true}
	stack := []*ssa.BasicBlock{open}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if _, ret := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ret {
			return false
		}
		stack = append(stack, b.Succs...)
	}
	return true
}

// countingTest: b is the loop's header and ends in its condition, a comparison that is not an error test
// (`for i := 0; i < n; i++`): a consumer that takes as many values as the producer sends ends there.
func countingTest(b *ssa.BasicBlock, loop map[*ssa.BasicBlock]bool) bool {
	for x := range loop {
		if !b.Dominates(x) {
			return false
		}
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok || errorTest(b) {
		return false
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
		return true
	}
	return false
}

func joinLines(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// selectClosedBranch is closedBranch for a select case `case v, ok := <-ch`: the edge its body takes on !ok.
func selectClosedBranch(o *facts.ChanOp) *closedEdge {
	bodies := caseBodies(o)
	inCase := func(b *ssa.BasicBlock) bool {
		for _, first := range bodies {
			if first.Block().Dominates(b) {
				return true
			}
		}
		return false
	}
	for _, ref := range *o.Select.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
			if e := okBranch(ex, inCase); e != nil {
				return e
			}
		}
	}
	return nil
}
