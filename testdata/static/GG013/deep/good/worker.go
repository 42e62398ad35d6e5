package good

import "time"

// Worker is internal/fuzz's worker reduced: start clears termC and starts the process watcher, which closes the
// new termC when the process exits; stop loops until termC delivers. The coordinator goroutine runs start and
// then stop, one after the other, so stop never reads the nil that start stores. The test file calls them on
// the test's goroutine: loaded with tests, the package and its test variant must not mix their fields.
type Worker struct {
	termC chan struct{}
	runs  int
}

func (w *Worker) start() {
	w.termC = nil
	termC := make(chan struct{})
	go func() {
		time.Sleep(time.Millisecond) // the process runs
		close(termC)
	}()
	w.termC = termC
	w.runs++
}

func (w *Worker) stop() {
	t := time.NewTimer(50 * time.Millisecond)
	for {
		select {
		case <-w.termC:
			t.Stop()
			return
		case <-t.C:
			t.Reset(50 * time.Millisecond) // interrupt the process again
		}
	}
}

func (w *Worker) coordinate(n int) {
	for i := 0; i < n; i++ {
		w.start()
		w.stop()
	}
}

// Coordinate runs n worker processes one after the other on a coordinator goroutine.
func Coordinate(n int) int {
	w := &Worker{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.coordinate(n)
	}()
	<-done
	return w.runs
}
