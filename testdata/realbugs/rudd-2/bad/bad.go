// Kernel reduced from dalzilio/rudd PR #2 "remove cases of recursive read locking" (2023; tracked down in
// authzed/spicedb#1485). PR #1 made the BDD operations read-lock the node table and then call helpers that
// read-lock it again. The node finalizers that run when the Go GC collects nodes take the write lock; one
// arriving between the two RLocks blocks the nested RLock, which blocks the finalizer.
// Fix: helpers called with the read lock held do not lock again.
package bad

import (
	"sync"
	"time"
)

type BDD struct {
	sync.RWMutex
	nodes []int
	refs  map[int]int
}

func (b *BDD) level(n int) int {
	b.RLock() // BLOCKS: rwmutex
	defer b.RUnlock()
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
	b.Lock() // BLOCKS: rwmutex
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
