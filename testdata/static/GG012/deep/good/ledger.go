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

// Readers takes a read lock per item and releases them all at the end; a loop that comes back to RLock with it
// held blocks nobody, since no goroutine ever write-locks this mutex.
func Readers(n int) int {
	var mu sync.RWMutex
	held := 0
	for i := 0; i < n; i++ {
		mu.RLock()
		held++
	}
	for ; held > 0; held-- {
		mu.RUnlock()
	}
	return n
}
