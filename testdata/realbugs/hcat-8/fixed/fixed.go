// Fixed version of hashicorp/hcat#8: Wait also returns when the watcher is stopped.
package fixed

import (
	"context"
	"time"
)

type Watcher struct {
	dataCh chan string
	errCh  chan error
	stopCh chan struct{}
}

func NewWatcher() *Watcher {
	return &Watcher{dataCh: make(chan string), errCh: make(chan error), stopCh: make(chan struct{})}
}

// Wait blocks until new data arrives, a view fails, or the timeout (if any) expires.
func (w *Watcher) Wait(ctx context.Context, timeout time.Duration) error {
	var timeoutCh <-chan time.Time
	if timeout > 0 {
		timeoutCh = time.After(timeout)
	}
	select {
	case <-w.dataCh:
		return nil
	case err := <-w.errCh:
		return err
	case <-timeoutCh:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stopCh:
		return nil
	}
}

// Stop shuts the watcher's views down.
func (w *Watcher) Stop() {
	close(w.stopCh)
}

func Run() {
	w := NewWatcher()
	go func() { _ = w.Wait(context.Background(), 0) }()
	time.Sleep(5 * time.Millisecond)
	w.Stop()
}
