package bad

import "sync"

// The counterparts of good/lock_flag.go and good/unlock_in_callee.go that still deadlock: the caller holding the
// batch lock passes true, so the helper does take the stream lock under it; and a helper that takes the map lock
// before it releases the caller's entry lock.

type Batch struct {
	mu      sync.Mutex
	batchMu sync.Mutex
	seq     int
}

func batchSeq(b *Batch, needLock bool) int {
	if needLock {
		b.mu.Lock() // want GG017
		defer b.mu.Unlock()
	}
	return b.seq
}

// Flush holds the batch lock and lets the helper lock the stream: batch → stream.
func (b *Batch) Flush() int {
	b.batchMu.Lock()
	defer b.batchMu.Unlock()
	return batchSeq(b, true)
}

// Reset: stream → batch.
func (b *Batch) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.batchMu.Lock() // want GG017
	b.seq = 0
	b.batchMu.Unlock()
}

type Table struct {
	mu      sync.Mutex
	entries map[int]*Entry
}

type Entry struct {
	mu    sync.Mutex
	table *Table
	id    int
}

// rehome must be called with e.mu held; it takes the table lock before it lets e.mu go.
func (e *Entry) rehome() {
	t := e.table
	t.mu.Lock() // want GG017
	e.mu.Unlock()
	delete(t.entries, e.id)
	t.mu.Unlock()
	e.mu.Lock()
}

func (e *Entry) Move() {
	e.mu.Lock()
	e.rehome()
	e.mu.Unlock()
}

func (t *Table) Each() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.entries {
		e.mu.Lock() // want GG017
		e.id++
		e.mu.Unlock()
	}
}
