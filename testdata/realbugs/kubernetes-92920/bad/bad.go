// Kernel reduced from kubernetes/kubernetes PR #92920 "[test/kubelet]: Fix deadlock in watch manager test"
// (2020). Ten goroutines each fetch an object and, on failure, write to the unbuffered errCh before calling Done;
// the main goroutine waits for the WaitGroup before it selects on errCh. When the goroutines fail, they block on
// the send and Wait blocks on them.
// Fix: errCh is buffered with room for every goroutine.
package bad

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
	errCh := make(chan error)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("s%d", i%2)
			if _, err := s.Get("ns", name); err != nil {
				errCh <- fmt.Errorf("failed to get %s: %w", name, err) // BLOCKS: chan-send
			}
		}(i)
	}
	wg.Wait() // BLOCKS: waitgroup
	select {
	case err := <-errCh:
		_ = err
	default:
	}
}
