// Package withmain has its own TestMain (with setup, teardown and os.Exit) that goroutine-guard must keep.
package withmain

import "sync"

// Janitor is a background loop with a Stop method.
type Janitor struct {
	quit chan struct{}
	wg   sync.WaitGroup
}

func StartJanitor() *Janitor {
	j := &Janitor{quit: make(chan struct{})}
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		<-j.quit
	}()
	return j
}

func (j *Janitor) Stop() {
	close(j.quit)
	j.wg.Wait()
}

// Lock waits for a mutex the caller never unlocks.
func Lock(mu *sync.Mutex) {
	go func() {
		mu.Lock()
	}()
}
