// Fixed version of kubernetes/kubernetes PR #92920: errCh holds every goroutine's error, so none blocks.
package fixed

import (
	"errors"
	"fmt"
	"sync"
)

type store struct {
	mu      sync.Mutex
	objects map[string]string
}

func (s *store) Get(namespace, name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.objects[namespace+"/"+name]; ok {
		return v, nil
	}
	return "", errors.New("secret " + name + " not registered")
}

func Run() {
	s := &store{objects: map[string]string{}}
	const n = 10
	errCh := make(chan error, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("s%d", i%2)
			if _, err := s.Get("ns", name); err != nil {
				errCh <- fmt.Errorf("failed to get %s: %w", name, err)
			}
		}(i)
	}
	wg.Wait()
	select {
	case err := <-errCh:
		_ = err
	default:
	}
}
