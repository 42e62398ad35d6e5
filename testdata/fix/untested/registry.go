// Package untested has a lock leak on a path no test takes.
package untested

import "sync"

type Registry struct {
	mu    sync.Mutex
	names []string
}

func (r *Registry) Add(name string) {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.mu.Unlock()
}

// Remove drops name; it returns with the lock held when name is absent.
func (r *Registry) Remove(name string) bool {
	r.mu.Lock()
	i := index(r.names, name)
	if i < 0 {
		return false
	}
	r.names = append(r.names[:i], r.names[i+1:]...)
	r.mu.Unlock()
	return true
}

func index(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
