//go:build !go1.23

// Package trace needs Go 1.23 (the trace reader uses range-over-func); older toolchains get this stub.
package trace

import (
	"io"
	"runtime"

	"goroutine-guard/analyzer/protocol"
)

// Error is a trace that cannot be read.
type Error struct {
	Msg    string
	Offset int64
}

func (e *Error) Error() string { return e.Msg }

// Read refuses: the reader needs a newer Go.
func Read(io.Reader) (*protocol.TraceOutput, error) {
	return nil, &Error{Msg: "reading execution traces needs Go 1.23 or newer to build the helper; this one is " + runtime.Version()}
}
