// Fixed version of buraksezer/consistent#23: the nested lookup does not lock again.
package fixed

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
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.getPartitionOwner(partID)
}

func (c *Consistent) getPartitionOwner(partID int) string { return c.partitions[partID] }

func (c *Consistent) GetClosestN(key string, n int) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	partID := hash(key) % c.count
	time.Sleep(20 * time.Millisecond)
	owner := c.getPartitionOwner(partID)
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
	c.mu.Lock()
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
