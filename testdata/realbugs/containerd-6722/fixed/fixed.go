// Fixed version of containerd/containerd PR #6722: the transaction is rolled back when the operation fails.
package fixed

import (
	"errors"
	"sync"
)

// metaStore hands out one writable transaction at a time.
type metaStore struct {
	writer    sync.Mutex
	snapshots map[string]string
}

type tx struct {
	s    *metaStore
	done bool
}

func (s *metaStore) TransactionContext(writable bool) *tx {
	if writable {
		s.writer.Lock()
	}
	return &tx{s: s}
}

func (t *tx) Commit() error {
	t.done = true
	t.s.writer.Unlock()
	return nil
}

func (t *tx) Rollback() error {
	if !t.done {
		t.done = true
		t.s.writer.Unlock()
	}
	return nil
}

type snapshotter struct {
	ms   *metaStore
	root string
}

var errParentMissing = errors.New("parent snapshot does not exist")

func (o *snapshotter) createSnapshot(key, parent string) error {
	t := o.ms.TransactionContext(true)
	if parent != "" {
		if _, ok := o.ms.snapshots[parent]; !ok {
			_ = t.Rollback()
			return errParentMissing
		}
	}
	o.ms.snapshots[key] = o.root + "/" + key
	return t.Commit()
}

func Run() {
	o := &snapshotter{ms: &metaStore{snapshots: map[string]string{}}, root: "/var/lib/containerd/native"}
	_ = o.createSnapshot("layer-2", "layer-1") // parent missing
	_ = o.createSnapshot("layer-1", "")
}
