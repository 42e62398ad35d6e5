// Kernel reduced from buraksezer/consistent#23 "[Bug] RLock called twice in GetClosestN and cause the deadlock"
// (2022). getClosestN read-locks the ring and then calls the exported GetPartitionOwner, which read-locks it
// again. An Add (write lock) queued between the two RLocks blocks the second RLock, which blocks the writer.
// Fix: call the unexported, lock-free partition owner lookup.
package bad

import (
	"hash/fnv"
	"sync"
	"time"
)

type Consistent struct {
	mu         sync.RWMutex
	members    []string
	partitions map[int]string
	count      int
}

func hash(key string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32())
}

func (c *Consistent) GetPartitionOwner(partID int) string {
	c.mu.RLock() // BLOCKS: rwmutex
	defer c.mu.RUnlock()
	return c.partitions[partID]
}

func (c *Consistent) GetClosestN(key string, n int) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	partID := hash(key) % c.count
	time.Sleep(20 * time.Millisecond)
	owner := c.GetPartitionOwner(partID)
	res := []string{owner}
	for _, m := range c.members {
		if len(res) == n {
			break
		}
		if m != owner {
			res = append(res, m)
		}
	}
	return res
}

func (c *Consistent) Add(member string) {
	c.mu.Lock() // BLOCKS: rwmutex
	defer c.mu.Unlock()
	c.members = append(c.members, member)
	for i := 0; i < c.count; i++ {
		c.partitions[i] = c.members[i%len(c.members)]
	}
}

func Run() {
	c := &Consistent{members: []string{"a", "b"}, partitions: map[int]string{0: "a", 1: "b"}, count: 2}
	go func() {
		time.Sleep(5 * time.Millisecond)
		c.Add("c")
	}()
	_ = c.GetClosestN("user-42", 2)
}
