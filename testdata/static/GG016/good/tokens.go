package good

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

// Tokens is database/sql's DB reduced: a waiter registers a channel of capacity 1, then takes the lock again
// (its counters) before it receives, and Put sends under the lock — into the buffer, so it never blocks there.
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
	ch := make(chan int, 1)
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
		ch <- 1
		return
	}
	t.free++
}

// CheckSet is sql_test's TestConnRequestSet reduced: a set of its own, given unbuffered channels — another
// instance, whose channels no Tokens ever takes out.
func CheckSet() bool {
	var s waitSet
	reset := func() { s = waitSet{} }
	ok := true
	take := func() {
		reset()
		ch := make(chan int)
		s.Add(ch)
		got, _ := s.TakeRandom()
		ok = ok && got == ch
	}
	take()
	return ok && s.Len() == 0
}
