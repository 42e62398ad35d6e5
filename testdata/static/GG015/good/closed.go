package good

import "sync"

// The receiving loop leaves only when the channel is closed, after the last sender is done: every value is taken.
func Collect(names []string) map[string]int {
	done := make(chan string)
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done <- n
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	out := map[string]int{}
	for {
		n, ok := <-done
		if !ok {
			break
		}
		out[n] = len(n)
	}
	return out
}
