package bad

import (
	"errors"
	"sync"
)

type store struct {
	mu   sync.Mutex
	data map[string]int
}

func (s *store) Get(k string) (int, error) {
	s.mu.Lock()
	v, ok := s.data[k]
	if !ok {
		return 0, errors.New("missing") // want GG012
	}
	s.mu.Unlock()
	return v, nil
}

func (s *store) Sum(keys []string) int {
	total := 0
	for _, k := range keys {
		s.mu.Lock()
		v, ok := s.data[k]
		if !ok {
			continue // want GG012
		}
		total += v
		s.mu.Unlock()
	}
	return total
}

type cache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *cache) Lookup(k string) string {
	c.mu.RLock()
	if c.m == nil {
		return "" // want GG012
	}
	v := c.m[k]
	c.mu.RUnlock()
	return v
}
