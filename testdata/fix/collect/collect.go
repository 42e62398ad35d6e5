package collect

import (
	"strings"
	"sync"
)

// Upper upper-cases every word concurrently. It waits for the workers before it reads their results, so each
// worker blocks in its unbuffered send, never reaches Done, and Wait never returns: the caller and every worker
// stay blocked.
func Upper(words []string) []string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- strings.ToUpper(w)
		}(w)
	}
	wg.Wait()
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}
