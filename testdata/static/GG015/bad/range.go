package bad

import "sync"

// Results are ranged over, closed after wg.Wait, but the consumer returns on the first error.
func Process(items []string) error {
	results := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- check(len(it)) // want GG015
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}
