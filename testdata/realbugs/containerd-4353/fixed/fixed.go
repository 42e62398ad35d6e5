// Fixed version of containerd/containerd PR #4353: no WaitGroup; the receive from errChan waits for the publisher.
package fixed

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

	errChan := make(chan error)
	go func() {
		defer close(errChan)
		for _, topic := range []string{"/test", "/test/1"} {
			if err := exchange.Publish(ctx, topic); err != nil {
				errChan <- err
				return
			}
		}
		errChan <- nil
	}()
	if err := <-errChan; err != nil {
		panic(err)
	}
	<-eventq
}
