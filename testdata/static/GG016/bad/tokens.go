package bad

import (
	"math/rand/v2"
	"sync"
)

// waitSet is database/sql's connRequestSet reduced: the waiters' channels in a slice, taken out at random.
type waitSet struct{ s []waitEntry }

type waitEntry struct {
	ch  chan int
	idx *int
}

func (s *waitSet) Add(ch chan int) {
	idx := len(s.s)
	s.s = append(s.s, waitEntry{ch, &idx})
}

func (s *waitSet) Len() int { return len(s.s) }

func (s *waitSet) TakeRandom() (chan int, bool) {
	if len(s.s) == 0 {
		return nil, false
	}
	i := pick(len(s.s))
	e := s.s[i]
	s.s[i] = s.s[len(s.s)-1]
	s.s = s.s[:len(s.s)-1]
	return e.ch, true
}

// pick is a helper of the analysed code the set's methods call (math/rand/v2 itself, when std is analysed).
func pick(n int) int { return rand.IntN(n) }

// Tokens registers unbuffered channels: Put sends under the lock while the waiter it picked needs the lock
// (its counters) before it can receive — both block forever.
type Tokens struct {
	mu      sync.Mutex
	free    int
	waits   int
	waiters waitSet
	// OnWait runs once the waiter is registered (a log line in the original).
	OnWait func()
}

func (t *Tokens) Get() {
	t.mu.Lock()
	if t.free > 0 {
		t.free--
		t.mu.Unlock()
		return
	}
	ch := make(chan int)
	t.waiters.Add(ch)
	t.mu.Unlock()
	if t.OnWait != nil {
		t.OnWait()
	}
	t.mu.Lock()
	t.waits++
	t.mu.Unlock()
	<-ch
}

func (t *Tokens) Put() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ch, ok := t.waiters.TakeRandom(); ok {
		ch <- 1 // want GG016
		return
	}
	t.free++
}
