// Fixed version of opensearch-project/opensearch-go#777: one lock order, pool before connection, everywhere.
package fixed

import (
	"sync"
	"time"
)

type Connection struct {
	mu       sync.Mutex
	URL      string
	IsDead   bool
	Failures int
}

type statusConnectionPool struct {
	mu   sync.Mutex
	live []*Connection
	dead []*Connection
}

func (cp *statusConnectionPool) OnSuccess(c *Connection) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.IsDead = false
	c.Failures = 0
	time.Sleep(20 * time.Millisecond)
	cp.resurrect(c)
}

func (cp *statusConnectionPool) OnFailure(c *Connection) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.IsDead = true
	c.Failures++
	cp.dead = append(cp.dead, c)
}

func (cp *statusConnectionPool) resurrect(c *Connection) {
	cp.live = append(cp.live, c)
}

func Run() {
	c := &Connection{URL: "http://127.0.0.1:9200"}
	cp := &statusConnectionPool{live: []*Connection{c}}
	go cp.OnFailure(c)
	cp.OnSuccess(c)
}
