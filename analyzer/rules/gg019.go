package rules

// GG019 — sync.Cond.Wait with no reachable Signal/Broadcast, or Wait not in a loop.
//
// A Wait on a Cond that nothing in the analysed code signals (and that code outside cannot reach: a local, an
// unexported field or variable) never returns. A Wait that is not in a loop re-checks nothing: a Signal that
// came before it is lost, and a spurious or early wake-up runs on with the condition false.

import (
	"fmt"
	"strings"
	"unicode"

	"goroutine-guard/analyzer/protocol"
)

func gg019(r *Reporter) {
	for _, s := range r.P.Sync {
		if s.Op.Type != "Cond" || s.Op.Method != "Wait" {
			continue
		}
		class := r.P.C.Of(s.Op.Recv)
		desc := describeCond(s.Op.Recv)
		fn := s.Instr.Parent()
		if len(r.SyncOn(class, "Cond", "Signal", "Broadcast")) == 0 && !exported(desc) {
			r.Report(fn, s.Instr.Pos(), protocol.Finding{
				Message: fmt.Sprintf("Wait on `%s`, which nothing signals: no Signal or Broadcast on it anywhere, so the goroutine waits forever", Short(desc)),
				Lock:    desc,
			})
			continue
		}
		if !r.P.InLoop(s.Instr) {
			r.Report(fn, s.Instr.Pos(), protocol.Finding{
				Severity: "warning",
				Message:  fmt.Sprintf("`%s`.Wait not in a loop: a Signal sent before the Wait is lost and the condition is not re-checked after waking; use `for !cond { c.Wait() }`", Short(desc)),
				Lock:     desc,
			})
		}
	}
}

// exported reports a field or package variable that code outside the package can reach.
func exported(desc string) bool {
	name := desc[strings.LastIndex(desc, ".")+1:]
	if !strings.Contains(desc, ".") || name == "" {
		return false
	}
	return unicode.IsUpper([]rune(name)[0])
}
