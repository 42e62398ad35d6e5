// Package mixed has two leaks in one file whose patches are tried together: one patch is right, the other breaks
// a test (the code counts a handoff only once the send completes). The combined run fails, so each is tried alone.
package mixed

import (
	"sync"
	"sync/atomic"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	items []string
}

// Pop removes the first item; it returns with the lock held when the queue is empty.
func (q *Queue) Pop() (string, bool) {
	q.mu.Lock()
	if len(q.items) == 0 {
		return "", false
	}
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return it, true
}

func (q *Queue) Push(it string) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
}

var handedOff atomic.Int32

// HandedOff counts items a worker actually took.
func HandedOff() int32 { return handedOff.Load() }

// HandOff gives it to a worker that waits at most patience.
func HandOff(it string, patience time.Duration) bool {
	ch := make(chan string)
	go func() {
		time.Sleep(10 * time.Millisecond)
		ch <- it
		handedOff.Add(1)
	}()
	select {
	case <-ch:
		return true
	case <-time.After(patience):
		return false
	}
}
