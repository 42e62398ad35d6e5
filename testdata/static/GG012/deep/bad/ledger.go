package bad

import (
	"errors"
	"sync"
)

// Ledger takes its lock through a helper, and Post returns early on an error with it still held: the next
// Balance (or Post) waits in Lock forever. The fast engine does not see it (the Lock is in the helper).
type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (l *Ledger) lock() { l.mu.Lock() }

var ErrNegative = errors.New("negative amount")

func (l *Ledger) Post(n int) error {
	l.lock()
	if n < 0 {
		return ErrNegative // want GG012
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
