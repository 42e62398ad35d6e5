package collect

import (
	"slices"
	"testing"
	"time"
)

// upper runs Upper with a deadline, so that a stuck Upper fails the test instead of hanging the binary.
func upper(t *testing.T, words []string) []string {
	t.Helper()
	got := make(chan []string, 1)
	go func() { got <- Upper(words) }()
	select {
	case out := <-got:
		slices.Sort(out)
		return out
	case <-time.After(time.Second):
		t.Errorf("Upper(%q) did not return", words)
		return nil
	}
}

func TestNone(t *testing.T) {
	if out := upper(t, nil); len(out) != 0 {
		t.Fatalf("got %q", out)
	}
}

func TestTwo(t *testing.T) {
	out := upper(t, []string{"b", "a"})
	if !t.Failed() && !slices.Equal(out, []string{"A", "B"}) {
		t.Fatalf("got %q", out)
	}
}
