package good

import "sync"

// Contend makes a goroutine wait on a mutex on purpose (the shape of runtime/pprof's blockMutexDeep): the
// goroutine locks the mutex twice, and the function that started it unlocks it once the goroutine holds it. The
// second Lock waits for that Unlock on another goroutine (a hand-off), not forever.
func Contend() int {
	var mu sync.Mutex
	locked := make(chan struct{}, 1)
	done := make(chan int, 1)
	go func() {
		mu.Lock()
		locked <- struct{}{}
		mu.Lock()
		mu.Unlock()
		done <- 1
	}()
	<-locked
	mu.Unlock()
	return <-done
}
