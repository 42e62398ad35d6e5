package good

import "sync"

// unlock_in_callee.go again, with the receiver captured by goroutines (as in nats.go's resetOrderedConsumer and
// activityCheck): a parameter kept in a captured variable that is stored once and only read is still the
// caller's argument, so the callee's release of `sub.mu` maps back to the lock the caller holds.

type Table struct {
	mu   sync.Mutex
	rows map[int]*Row
	next int
}

type Row struct {
	mu     sync.Mutex
	table  *Table
	id     int
	closed bool
	log    []int
}

// renumber must be called with row.mu held; it releases it around the table update.
func (row *Row) renumber() int {
	t := row.table
	row.mu.Unlock()
	t.mu.Lock()
	delete(t.rows, row.id)
	t.next++
	id := t.next
	t.rows[id] = row
	t.mu.Unlock()
	row.mu.Lock()
	row.id = id
	return id
}

func (row *Row) reset() {
	if row.table == nil || row.closed {
		return
	}
	id := row.renumber()
	go func() { row.note(id) }()
}

func (row *Row) note(id int) { _ = id }

// Check holds the row lock across reset; its goroutine also captures the row.
func (row *Row) Check(seq int) {
	row.mu.Lock()
	if seq != row.id {
		row.reset()
	}
	row.mu.Unlock()
	go func() { row.note(seq) }()
}

// CloseAll: table lock, then each row's lock.
func (t *Table) CloseAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rows {
		r.mu.Lock()
		r.closed = true
		r.mu.Unlock()
	}
}
