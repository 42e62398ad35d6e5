package waitgroup

import (
	"testing"
	"time"
)

func collect(t *testing.T, jobs []string) (int, bool) {
	t.Helper()
	results := make(chan string, len(jobs))
	finished := make(chan struct{})
	Run(jobs, results, func() { close(finished) })
	select {
	case <-finished:
		return len(results), true
	case <-time.After(100 * time.Millisecond):
		return len(results), false
	}
}

func TestAllGood(t *testing.T) {
	if n, ok := collect(t, []string{"a", "b"}); n != 2 || !ok {
		t.Fatalf("got %d results, finished=%v", n, ok)
	}
}

func TestOneEmpty(t *testing.T) {
	if n, _ := collect(t, []string{"a", "", "c"}); n != 2 {
		t.Fatalf("got %d results, want 2", n)
	}
}
