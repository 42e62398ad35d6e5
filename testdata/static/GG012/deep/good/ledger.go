package good

import (
	"errors"
	"sync"
)

// Ledger takes its lock through a helper and unlocks it before the early return too.
type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (l *Ledger) lock() { l.mu.Lock() }

var ErrNegative = errors.New("negative amount")

func (l *Ledger) Post(n int) error {
	l.lock()
	if n < 0 {
		l.mu.Unlock()
		return ErrNegative
	}
	l.entries = append(l.entries, n)
	l.mu.Unlock()
	return nil
}

func (l *Ledger) Balance() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	total := 0
	for _, e := range l.entries {
		total += e
	}
	return total
}
