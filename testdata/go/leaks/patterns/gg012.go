package patterns

import (
	"errors"
	"sync"
)

// GG012: refresh returns on an error path with the mutex still held; every later reader
// piles up in Lock. The RWMutex variant leaves readers stuck in RLock.

var errLoad = errors.New("config: load failed")

type configCache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *configCache) refresh(load func() (map[string]string, error)) error {
	c.mu.Lock()
	m, err := load()
	if err != nil {
		return err // GG012: returns with c.mu held
	}
	c.m = m
	c.mu.Unlock()
	return nil
}

func (c *configCache) get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

type routeTable struct {
	mu     sync.RWMutex
	routes map[string]int
}

func (t *routeTable) replace(routes map[string]int) {
	t.mu.Lock()
	if len(routes) == 0 {
		return // GG012: returns with the write lock held
	}
	t.routes = routes
	t.mu.Unlock()
}

func (t *routeTable) lookup(path string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.routes[path]
}

func startGG012(_ *Env) {
	c := &configCache{}
	_ = c.refresh(func() (map[string]string, error) { return nil, errLoad })
	for i := 0; i < 5; i++ {
		go c.get("feature.flags")
	}
	t := &routeTable{}
	t.replace(nil)
	for i := 0; i < 3; i++ {
		go t.lookup("/api")
	}
}
