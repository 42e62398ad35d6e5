// Fixed version of jfrog/gofrog PR #7: Done always closes the tasks channel, so the workers finish.
package fixed

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
		return -1
	case r.tasks <- t:
		return 0
	}
}

func (r *runner) Done() {
	close(r.tasks)
}

func (r *runner) Run(threads int) {
	var wg sync.WaitGroup
	for i := 0; i < threads; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t, ok := <-r.tasks
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
	wg.Wait()
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
