// Kernel reduced from etcd-io/etcd PR #14080 "Fix potential deadlock between Revoke and (Grant or Checkpoint)"
// (2022). Grant and Checkpoint take lessor.mu first and then the backend batchTx lock while still holding it;
// Revoke opens the delete transaction (batchTx lock) first and then takes lessor.mu. A Grant racing a Revoke
// deadlocks the lessor.
// Fix: Revoke takes lessor.mu before it opens the transaction, so both paths lock in the same order.
package bad

import (
	"sync"
	"time"
)

type batchTx struct {
	sync.Mutex
	pending map[int64]bool
}

type Lease struct {
	ID  int64
	ttl int64
}

type lessor struct {
	mu       sync.RWMutex
	leaseMap map[int64]*Lease
	b        *batchTx
}

func (le *lessor) Grant(id, ttl int64) *Lease {
	le.mu.Lock()
	defer le.mu.Unlock()
	l := &Lease{ID: id, ttl: ttl}
	le.leaseMap[id] = l
	time.Sleep(20 * time.Millisecond)
	le.b.Lock() // BLOCKS: mutex
	le.b.pending[id] = true
	le.b.Unlock()
	return l
}

func (le *lessor) Revoke(id int64) {
	txn := le.b
	txn.Lock() // the range deleter's write transaction
	defer txn.Unlock()
	time.Sleep(20 * time.Millisecond)
	le.mu.Lock() // BLOCKS: rwmutex
	delete(le.leaseMap, id)
	le.mu.Unlock()
	delete(txn.pending, id)
}

func Run() {
	le := &lessor{leaseMap: map[int64]*Lease{1: {ID: 1, ttl: 5}}, b: &batchTx{pending: map[int64]bool{}}}
	go le.Grant(2, 10)
	le.Revoke(1)
}
