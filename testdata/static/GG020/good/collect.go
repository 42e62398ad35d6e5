package good

import (
	"strings"
	"sync"
)

// Collect closes the channel from a goroutine that waits, and drains concurrently.
func Collect(words []string) []string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- strings.ToUpper(w)
		}(w)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Buffered gives every worker a slot.
func Buffered(words []string) []string {
	var wg sync.WaitGroup
	results := make(chan string, len(words))
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

type Crawler struct {
	mu   sync.Mutex
	seen map[string]bool
	wg   sync.WaitGroup
}

// Run releases the lock before it waits.
func (c *Crawler) Run(urls []string) {
	c.mu.Lock()
	for _, u := range urls {
		c.wg.Add(1)
		go c.visit(u)
	}
	c.mu.Unlock()
	c.wg.Wait()
}

func (c *Crawler) visit(u string) {
	defer c.wg.Done()
	c.mu.Lock()
	c.seen[u] = true
	c.mu.Unlock()
}

func NewCrawler() *Crawler { return &Crawler{seen: map[string]bool{}} }
