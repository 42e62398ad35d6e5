package good

import (
	"errors"
	"sync"
)

type store struct {
	mu   sync.Mutex
	data map[string]int
}

func (s *store) Get(k string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[k]
	if !ok {
		return 0, errors.New("missing")
	}
	return v, nil
}

func (s *store) Get2(k string) (int, error) {
	s.mu.Lock()
	v, ok := s.data[k]
	if !ok {
		s.mu.Unlock()
		return 0, errors.New("missing")
	}
	s.mu.Unlock()
	return v, nil
}

// A lock-acquiring helper: returns holding the lock on purpose.
func (s *store) lockIfOpen() bool {
	s.mu.Lock()
	if s.data == nil {
		s.mu.Unlock()
		return false
	}
	return true
}

// Retry until the state is right, then return holding the lock for the caller.
func (s *store) lockReady(ready func() bool) {
	for {
		s.mu.Lock()
		if ready() {
			return
		}
		s.mu.Unlock()
	}
}

// A return inside a closure is not a return of this function.
func (s *store) Each(f func(string, int) bool) {
	s.mu.Lock()
	for k, v := range s.data {
		func() {
			if !f(k, v) {
				return
			}
		}()
	}
	s.mu.Unlock()
}

// Unlocks through a helper.
func (s *store) unlock() { s.mu.Unlock() }

func (s *store) Put(k string, v int) error {
	s.mu.Lock()
	if k == "" {
		s.unlock()
		return errors.New("empty key")
	}
	s.data[k] = v
	s.mu.Unlock()
	return nil
}
