// Kernel reduced from kubernetes/kubernetes PR #102636 "fix a potential deadlock" (2021), in the serviceaccounts
// controller test. The controller's syncHandler is replaced by one that reports each call on the unbuffered
// syncCalls channel; the test waits for that report or for a timeout. When the timeout wins, nothing ever receives
// from syncCalls again and the controller's worker blocks in its sync handler forever.
// Fix: syncCalls gets a buffer of one (it carries a single message).
package bad

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
	syncCalls := make(chan struct{})
	c.syncHandler = func(key string) error {
		time.Sleep(20 * time.Millisecond) // informer resync on a loaded machine
		syncCalls <- struct{}{}           // BLOCKS: chan-send
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
