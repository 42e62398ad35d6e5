// Kernel reduced from hashicorp/vault PR #10877 "Correct lock acquisition order in the `pathEntityMergeID`
// identity to fix deadlock condition" (2021, fixes #10876). The identity backend locks the IdentityStore lock
// and then opens a memdb write transaction (which takes memdb's writer lock); pathEntityMergeID opened the write
// transaction first and then took the IdentityStore lock. An entity merge racing an entity update deadlocks both.
// Fix: take the IdentityStore lock before creating the write transaction.
package bad

import (
	"sync"
	"time"
)

// memDB hands out write transactions one at a time (go-memdb's writer lock).
type memDB struct {
	writer   sync.Mutex
	entities map[string]string
}

type txn struct{ db *memDB }

func (db *memDB) Txn(write bool) *txn {
	if write {
		db.writer.Lock() // BLOCKS: mutex
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
	txn := i.db.Txn(true)
	defer txn.Commit()
	time.Sleep(20 * time.Millisecond)
	i.lock.Lock() // BLOCKS: rwmutex
	defer i.lock.Unlock()
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
