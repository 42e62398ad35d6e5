// Kernel reduced from opensearch-project/opensearch-go#777 "Resolve multiple AB-BA lock order reversals causing
// deadlocks" (2026), scenario 1: statusConnectionPool.OnSuccess locked the connection and then the pool, while
// OnFailure locked the pool and then the connection. A request succeeding on a connection while another request
// fails on the same connection deadlocks both.
// Fix: both paths take the pool lock first, then the connection lock.
package bad

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
	c.mu.Lock()
	defer c.mu.Unlock()
	c.IsDead = false
	c.Failures = 0
	time.Sleep(20 * time.Millisecond)
	cp.mu.Lock() // BLOCKS: mutex
	defer cp.mu.Unlock()
	cp.resurrect(c)
}

func (cp *statusConnectionPool) OnFailure(c *Connection) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	c.mu.Lock() // BLOCKS: mutex
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
