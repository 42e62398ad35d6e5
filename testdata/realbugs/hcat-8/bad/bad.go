// Kernel reduced from hashicorp/hcat#8 "Goroutine leak in watcher Wait/Stop" (2020): "You can Stop the watcher,
// which shuts everything down except if Wait() is in use. Then that goroutine escapes and if they didn't specify
// a timeout, it would never exit. The Wait() needs a new internal "stopped" channel that can be used for it to
// exit cleanly."
package bad

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
	select { // BLOCKS: select
	case <-w.dataCh:
		return nil
	case err := <-w.errCh:
		return err
	case <-timeoutCh:
		return nil
	case <-ctx.Done():
		return ctx.Err()
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
