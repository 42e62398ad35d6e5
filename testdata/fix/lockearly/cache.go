// Package lockearly is a cache whose Get forgets to unlock on the miss path.
package lockearly

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

func New() *Cache { return &Cache{m: map[string]string{}} }

func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	if !ok {
		return "", false
	}
	c.mu.Unlock()
	return v, true
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}
