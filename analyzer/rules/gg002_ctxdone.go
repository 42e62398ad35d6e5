package rules

// GG002 (deep) — `v, ok := <-ctx.Done()` used as a cancellation test.
//
// A context's Done channel is only ever closed, never sent on: a receive from it returns when the context is
// cancelled, and then with ok == false. Testing ok outside a select (`if _, ok := <-ctx.Done(); !ok { return }`)
// reads like a non-blocking check but waits for the cancellation; with a root context that lasts as long as the
// process, the goroutine hangs there (and hides whatever error led it there). ctx.Err(), or a select with a
// default case, tests without waiting. A plain `<-ctx.Done()` (no ok) is a deliberate wait and is not reported.

import (
	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/protocol"
)

func gg002CtxDone(r *Reporter) {
	for _, op := range r.P.ChanOps {
		u, ok := op.Instr.(*ssa.UnOp)
		if !ok || op.Kind != "recv" || !u.CommaOk || op.Select != nil {
			continue
		}
		call, ok := u.X.(*ssa.Call)
		if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || call.Call.Value.Type().String() != "context.Context" {
			continue
		}
		r.Report(u.Parent(), u.Pos(), protocol.Finding{
			Message: "this receive waits until the context is cancelled: Done is only ever closed, never sent on, so `<-ctx.Done()` returns only then, with ok false — testing ok does not make it a check; use ctx.Err() (or a select with a default case) to test without waiting",
		})
	}
}
