package good

import "testing"

func newWorkerForTest(tb testing.TB) *Worker {
	w := &Worker{}
	w.start()
	tb.Cleanup(func() { w.stop() })
	return w
}

func TestWorker(t *testing.T) {
	if w := newWorkerForTest(t); w.runs != 1 {
		t.Fatalf("runs = %d, want 1", w.runs)
	}
	if n := Coordinate(3); n != 3 {
		t.Fatalf("Coordinate(3) = %d, want 3", n)
	}
}
