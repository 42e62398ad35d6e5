// Fixed version of kubernetes/kubernetes PR #102636: syncCalls is buffered, so a late report does not block.
package fixed

import "time"

type ServiceAccountsController struct {
	queue       chan string
	syncHandler func(key string) error
	stop        chan struct{}
}

func (c *ServiceAccountsController) worker() {
	for {
		select {
		case key := <-c.queue:
			_ = c.syncHandler(key)
		case <-c.stop:
			return
		}
	}
}

func Run() {
	c := &ServiceAccountsController{queue: make(chan string, 1), stop: make(chan struct{})}
	syncCalls := make(chan struct{}, 1)
	c.syncHandler = func(key string) error {
		time.Sleep(20 * time.Millisecond) // informer resync on a loaded machine
		syncCalls <- struct{}{}
		return nil
	}
	go c.worker()
	defer close(c.stop)
	c.queue <- "default/default"
	select {
	case <-syncCalls:
	case <-time.After(10 * time.Millisecond):
		return // t.Fatalf("timed out waiting for the sync")
	}
}
