package rules

import (
	"golang.org/x/tools/go/ssa"

	"goroutine-guard/analyzer/facts"
)

// Short is a declaration name without its package path.
func Short(desc string) string { return facts.Short(desc) }

func describeChan(op *facts.ChanOp) string { return facts.Describe(op.Chan) }

func describeCond(v ssaValue) string { return facts.Describe(v) }

type ssaValue = ssa.Value
