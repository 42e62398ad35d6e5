package good

import "sync"

// Request waits once, not in a loop, but it starts the worker while it holds the lock, and the worker takes the
// lock before it broadcasts: the Broadcast can only come once Request is inside Wait.
type Request struct {
	mu     sync.Mutex
	done   *sync.Cond
	result int
}

func NewRequest() *Request {
	r := &Request{}
	r.done = sync.NewCond(&r.mu)
	return r
}

func (r *Request) Run() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	go r.work()
	r.done.Wait()
	return r.result
}

func (r *Request) work() {
	r.mu.Lock()
	r.result = 42
	r.mu.Unlock()
	r.done.Broadcast()
}
