package good

import "sync"

type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lenLocked()
}

func (r *Registry) lenLocked() int { return len(r.items) }

// Add uses the Locked variant that assumes the lock.
func (r *Registry) Add(k string, max int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lenLocked() >= max {
		return false
	}
	r.items[k] = 1
	return true
}

type Node struct {
	mu   sync.Mutex
	val  int
	next *Node
}

// Swap locks two different nodes (two instances of one field): not a re-acquisition.
func Swap(a, b *Node) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	a.val, b.val = b.val, a.val
}

// Loop takes and releases the lock once per iteration.
func (n *Node) Loop(k int) {
	for i := 0; i < k; i++ {
		n.mu.Lock()
		n.val++
		n.mu.Unlock()
	}
}

func NewRegistry() *Registry { return &Registry{items: map[string]int{}} }
