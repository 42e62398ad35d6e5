package blame

import (
	"testing"
	"time"
)

// TestSelect: the inlined constructor, then an inlined call (the shape the runtime mis-prints).
func TestSelect(t *testing.T) {
	ch := Start()
	select {
	case <-time.After(10 * time.Millisecond):
	}
	_ = ch
}

// TestPlain: the inlined constructor, then a call that is not inlined (printed right).
func TestPlain(t *testing.T) {
	_ = Start()
	time.Sleep(10 * time.Millisecond)
}

// TestSubtestSelect: TestSelect's shape in a subtest closure, which the harness does not look up; the record of
// the parent test's goroutine names TestSubtestSelect.
func TestSubtestSelect(t *testing.T) {
	t.Run("select", func(t *testing.T) {
		ch := Start()
		select {
		case <-time.After(10 * time.Millisecond):
		}
		_ = ch
	})
}

// TestClean leaks nothing.
func TestClean(t *testing.T) {
	select {
	case <-time.After(time.Millisecond):
	}
}
