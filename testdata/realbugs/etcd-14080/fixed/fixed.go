// Fixed version of etcd-io/etcd PR #14080: Revoke takes lessor.mu before the transaction lock, like Grant.
package fixed

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
	le.b.Lock()
	le.b.pending[id] = true
	le.b.Unlock()
	return l
}

func (le *lessor) Revoke(id int64) {
	le.mu.Lock()
	defer le.mu.Unlock()
	txn := le.b
	txn.Lock()
	defer txn.Unlock()
	time.Sleep(20 * time.Millisecond)
	delete(le.leaseMap, id)
	delete(txn.pending, id)
}

func Run() {
	le := &lessor{leaseMap: map[int64]*Lease{1: {ID: 1, ttl: 5}}, b: &batchTx{pending: map[int64]bool{}}}
	go le.Grant(2, 10)
	le.Revoke(1)
}
