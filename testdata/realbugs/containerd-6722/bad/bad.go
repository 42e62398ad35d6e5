// Kernel reduced from containerd/containerd PR #6722 "native: fix deadlock from leaving transactions open" (2022).
// The native snapshotter opened a writable metadata transaction and, on an error path, returned without
// rolling it back. The metadata store allows one writable transaction at a time (bolt's writer lock), so the next
// snapshot operation blocks forever waiting for it.
// Fix: roll the transaction back on every error path.
package bad

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
		s.writer.Lock() // BLOCKS: mutex
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
