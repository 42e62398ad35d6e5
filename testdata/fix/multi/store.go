// Package multi has two independent leaks in one file: both patches are tried in one run.
package multi

import (
	"context"
	"sync"
	"time"
)

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

func NewStore() *Store { return &Store{data: map[string]int{}} }

// Inc adds 1 to k, refusing negative keys' names... and forgetting the lock on that path.
func (s *Store) Inc(k string) bool {
	s.mu.Lock()
	if k == "" {
		return false
	}
	s.data[k]++
	s.mu.Unlock()
	return true
}

func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[k]
}

// Load fetches k from a slow backend, giving up when ctx ends.
func Load(ctx context.Context, k string, delay time.Duration) (int, error) {
	res := make(chan int)
	go func() {
		time.Sleep(delay)
		res <- len(k)
	}()
	select {
	case v := <-res:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
