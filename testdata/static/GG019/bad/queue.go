package bad

import (
	"sync"
	"sync/atomic"
)

// Queue's Close sets its flag and broadcasts without taking the lock: both can land between Pop's check of the
// flag and its Wait (while OnIdle runs), and the wake-up is lost although Pop waits in a loop.
type Queue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []int
	closed atomic.Bool
	// OnIdle runs under the lock each time Pop is about to wait.
	OnIdle func()
}

func NewQueue() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Pop() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if q.closed.Load() {
			return 0, false
		}
		if q.OnIdle != nil {
			q.OnIdle()
		}
		q.ready.Wait() // want GG019
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *Queue) Close() {
	q.closed.Store(true)
	q.ready.Broadcast()
}
