package main

import (
	"context"
	"sync"
	"time"
)

// stockCache is the clean part of the service: a fan-out with a buffered channel and a janitor that stops with
// its context.
type stockCache struct {
	mu         sync.Mutex
	warehouses []string
	levels     map[string]int
}

func newStockCache() *stockCache {
	return &stockCache{warehouses: []string{"north", "south", "east"}, levels: map[string]int{}}
}

func (c *stockCache) total() int {
	results := make(chan int, len(c.warehouses))
	var wg sync.WaitGroup
	for _, w := range c.warehouses {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- c.level(w)
		}(w)
	}
	wg.Wait()
	close(results)
	sum := 0
	for n := range results {
		sum += n
	}
	return sum
}

func (c *stockCache) level(warehouse string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.levels[warehouse] + len(warehouse)
}

func (c *stockCache) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.warehouses {
		c.levels[w]++
	}
}

func (c *stockCache) janitor(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.refresh()
		case <-ctx.Done():
			return
		}
	}
}
