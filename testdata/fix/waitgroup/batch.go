// Package waitgroup runs jobs in parallel and reports when all are done; a failing job skips wg.Done.
package waitgroup

import (
	"errors"
	"sync"
)

var ErrEmpty = errors.New("empty job")

// Run starts every job and calls done once all of them finished.
func Run(jobs []string, results chan<- string, done func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j string) {
			if j == "" {
				return
			}
			results <- j
			wg.Done()
		}(j)
	}
	go func() {
		wg.Wait()
		done()
	}()
}
