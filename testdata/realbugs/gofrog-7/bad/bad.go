// Kernel reduced from jfrog/gofrog PR #7 "Fix a bug where runner would run forever in case of error in failFast
// mode" (2018; the same bug was analysed in jfrog/jfrog-cli PR #121): "because Done() did not close the tasks
// channel". In fail-fast mode the first error cancels the runner; the producer's AddTask then returns -1 and the
// producer calls Done, which did not close the tasks channel — so the worker goroutines wait for more tasks
// forever and Run's WaitGroup never reaches zero.
// Fix: Done closes the tasks channel (what the old Close did).
package bad

import (
	"errors"
	"sync"
)

type runner struct {
	tasks      chan func() error
	cancel     chan struct{}
	cancelOnce sync.Once
	failFast   bool
	mu         sync.Mutex
	errs       []error
}

func newRunner(failFast bool) *runner {
	return &runner{tasks: make(chan func() error), cancel: make(chan struct{}), failFast: failFast}
}

func (r *runner) AddTask(t func() error) int {
	select {
	case <-r.cancel:
		return -1 // runner stopped
	case r.tasks <- t:
		return 0
	}
}

// Done tells the runner no more tasks will be added.
func (r *runner) Done() {
	select {
	case <-r.cancel:
		// already stopped: nothing to do
	default:
		close(r.tasks)
	}
}

func (r *runner) Run(threads int) {
	var wg sync.WaitGroup
	for i := 0; i < threads; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t, ok := <-r.tasks // BLOCKS: chan-recv
				if !ok {
					return
				}
				if err := t(); err != nil {
					r.mu.Lock()
					r.errs = append(r.errs, err)
					r.mu.Unlock()
					if r.failFast {
						r.cancelOnce.Do(func() { close(r.cancel) })
					}
				}
			}
		}()
	}
	wg.Wait() // BLOCKS: waitgroup
}

func Run() {
	r := newRunner(true)
	go func() {
		defer r.Done()
		for i := 0; i < 10; i++ {
			i := i
			if r.AddTask(func() error {
				if i == 2 {
					return errors.New("upload failed")
				}
				return nil
			}) == -1 {
				return
			}
		}
	}()
	r.Run(3)
}
