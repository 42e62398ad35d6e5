package good

import "sync"

func process(s string) {}

// Passed as an argument.
func All(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			process(it)
		}(it)
		_ = it
	}
	wg.Wait()
}

// Copied per iteration.
func Copied(items []string) {
	for _, it := range items {
		it := it
		go func() { process(it) }()
		_ = it
	}
}

// Last statement of the body: vet's loopclosure reports this one.
func Last(items []string) {
	for _, it := range items {
		go func() { process(it) }()
	}
}
