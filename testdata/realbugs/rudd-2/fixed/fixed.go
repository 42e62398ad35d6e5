// Fixed version of dalzilio/rudd PR #2: the helper used under the read lock does not take it again.
package fixed

import (
	"sync"
	"time"
)

type BDD struct {
	sync.RWMutex
	nodes []int
	refs  map[int]int
}

// level requires b's read lock.
func (b *BDD) level(n int) int {
	return b.nodes[n]
}

func (b *BDD) Not(n int) int {
	b.RLock()
	defer b.RUnlock()
	time.Sleep(20 * time.Millisecond) // the GC finalizes unreachable nodes meanwhile
	return -b.level(n)
}

// finalize runs from runtime.SetFinalizer on a collected Node.
func (b *BDD) finalize(n int) {
	b.Lock()
	defer b.Unlock()
	b.refs[n]--
}

func Run() {
	b := &BDD{nodes: []int{0, 1, 2}, refs: map[int]int{2: 1}}
	go func() {
		time.Sleep(5 * time.Millisecond)
		b.finalize(2)
	}()
	_ = b.Not(1)
}
