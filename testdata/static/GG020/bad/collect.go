package bad

import (
	"strings"
	"sync"
)

// Collect waits for the workers before it reads their results: each worker blocks in its send.
func Collect(words []string) []string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- strings.ToUpper(w) // want GG020
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

// Crawler holds its lock across Wait; the workers need the lock before Done.
type Crawler struct {
	mu   sync.Mutex
	seen map[string]bool
	wg   sync.WaitGroup
}

func (c *Crawler) Run(urls []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, u := range urls {
		c.wg.Add(1)
		go c.visit(u)
	}
	c.wg.Wait()
}

func (c *Crawler) visit(u string) {
	defer c.wg.Done()
	c.mu.Lock() // want GG020
	c.seen[u] = true
	c.mu.Unlock()
}

func NewCrawler() *Crawler { return &Crawler{seen: map[string]bool{}} }
