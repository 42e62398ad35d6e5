package bad

import "sync"

func process(s string) {}

func All(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(it) // want GG011
		}()
		if it == "" {
			break
		}
	}
	wg.Wait()
}

func Indexes(n int, out []int) {
	for i := 0; i < n; i++ {
		go func() { out[i] = i }() // want GG011
		_ = i
	}
}
