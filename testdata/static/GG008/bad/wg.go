package bad

import (
	"errors"
	"sync"
)

func fetch(url string) error {
	if url == "" {
		return errors.New("empty")
	}
	return nil
}

// Done is not deferred: the early return skips it and Wait never returns.
func FetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(u); err != nil {
				return // want GG008
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// The goroutine counted by Add never calls Done.
func Forgot(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() { _ = fetch(u) }() // want GG008
	}
	wg.Wait()
}
