package good

import "time"

// Tally collects the producer's results while also taking progress notes; it leaves only when the results
// channel is closed (`case r, ok := <-results: if !ok`), so it takes every value the producer sends.
func Tally(n int) int {
	notes := make(chan string, n)
	results := make(chan int)
	go func() {
		defer close(results)
		for i := 0; i < n; i++ {
			notes <- "working"
			time.Sleep(time.Millisecond)
			results <- i
		}
	}()
	total, seen := 0, 0
	for {
		select {
		case <-notes:
			seen++
		case r, ok := <-results:
			if !ok {
				return total + seen
			}
			total += r
		}
	}
}
