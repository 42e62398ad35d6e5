// Kernel reduced from containerd/containerd PR #4353 "[events] Fix deadlock in TestExchangeBasic" (2020). The
// publisher goroutine reports on the unbuffered errChan and only then calls wg.Done; the main goroutine calls
// wg.Wait before it reads errChan. The child blocks on the waiter, the waiter on the child.
// Fix: drop the WaitGroup — receiving from errChan already waits for the publisher.
package bad

import (
	"context"
	"sync"
)

type Exchange struct {
	mu          sync.Mutex
	subscribers []chan string
}

func (e *Exchange) Subscribe(ctx context.Context) <-chan string {
	ch := make(chan string, 8)
	e.mu.Lock()
	e.subscribers = append(e.subscribers, ch)
	e.mu.Unlock()
	return ch
}

func (e *Exchange) Publish(ctx context.Context, topic string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.subscribers {
		s <- topic
	}
	return nil
}

func Run() {
	ctx := context.Background()
	exchange := &Exchange{}
	eventq := exchange.Subscribe(ctx)

	var wg sync.WaitGroup
	wg.Add(1)
	errChan := make(chan error)
	go func() {
		defer wg.Done()
		defer close(errChan)
		for _, topic := range []string{"/test", "/test/1"} {
			if err := exchange.Publish(ctx, topic); err != nil {
				errChan <- err
				return
			}
		}
		errChan <- nil // BLOCKS: chan-send
	}()
	wg.Wait() // BLOCKS: waitgroup
	if err := <-errChan; err != nil {
		panic(err)
	}
	<-eventq
}
