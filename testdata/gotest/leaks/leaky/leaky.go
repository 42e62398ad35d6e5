// Package leaky holds small goroutine patterns the goroutine-guard test suite leaks on purpose (and their
// correct twins). Line numbers matter: the suite asserts the reported sites.
package leaky

// FirstResult starts n workers and returns the first result; the others block forever on the unbuffered send.
func FirstResult(n int) int {
	results := make(chan int)
	for i := 0; i < n; i++ {
		go func(v int) {
			results <- v // leaks n-1 goroutines here
		}(i)
	}
	return <-results
}

// FirstResultBuffered is the fixed twin: a buffer of n lets every worker finish.
func FirstResultBuffered(n int) int {
	results := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(v int) { results <- v }(i)
	}
	return <-results
}

// StartTree starts a supervisor that starts `leaves` workers waiting for jobs on a channel nobody closes.
// The supervisor itself waits on the same channel: 1 child + `leaves` grandchildren leak.
func StartTree(leaves int) {
	jobs := make(chan int)
	go func() {
		for i := 0; i < leaves; i++ {
			go worker(jobs)
		}
		for range jobs { // never closed
		}
	}()
}

func worker(jobs <-chan int) {
	for range jobs { // never closed
	}
}

// Block starts a goroutine that blocks forever on a receive nobody will satisfy.
func Block() {
	go func() {
		<-make(chan struct{})
	}()
}
