// Fixed version of hashicorp/vault PR #10877: the IdentityStore lock is taken before the memdb write transaction.
package fixed

import (
	"sync"
	"time"
)

type memDB struct {
	writer   sync.Mutex
	entities map[string]string
}

type txn struct{ db *memDB }

func (db *memDB) Txn(write bool) *txn {
	if write {
		db.writer.Lock()
	}
	return &txn{db: db}
}

func (t *txn) Commit() { t.db.writer.Unlock() }

type IdentityStore struct {
	lock sync.RWMutex
	db   *memDB
}

func (i *IdentityStore) handleEntityUpdate(id, name string) {
	i.lock.Lock()
	defer i.lock.Unlock()
	time.Sleep(20 * time.Millisecond)
	txn := i.db.Txn(true)
	i.db.entities[id] = name
	txn.Commit()
}

func (i *IdentityStore) pathEntityMergeID(toID string, fromIDs []string) {
	i.lock.Lock()
	defer i.lock.Unlock()
	txn := i.db.Txn(true)
	defer txn.Commit()
	time.Sleep(20 * time.Millisecond)
	for _, from := range fromIDs {
		delete(i.db.entities, from)
	}
	i.db.entities[toID] = "merged"
}

func Run() {
	i := &IdentityStore{db: &memDB{entities: map[string]string{"e1": "alice", "e2": "alice-2"}}}
	go i.handleEntityUpdate("e1", "alice")
	i.pathEntityMergeID("e1", []string{"e2"})
}
