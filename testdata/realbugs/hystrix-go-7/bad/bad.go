// Kernel reduced from afex/hystrix-go#7 "Go() hangs if you only check for errors" (2014/2015). hystrix.Go runs
// the command in a goroutine and returns an error channel that receives only on failure. A caller that just
// checks for errors (`err := <-errors`) waits forever when the command succeeds, because the channel is never
// closed. Fix (by the maintainer): close the error channel when the command is done.
package bad

import "sync"

type command struct {
	name   string
	run    func() error
	errors chan error
	mu     sync.Mutex
	result string
}

func (c *command) finish(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.result = "failure"
		c.errors <- err
		return
	}
	c.result = "success"
}

// Go runs run asynchronously; failures are reported on the returned channel.
func Go(name string, run func() error) chan error {
	c := &command{name: name, run: run, errors: make(chan error, 1)}
	go func() {
		c.finish(c.run())
	}()
	return c.errors
}

func Run() {
	errors := Go("foo", func() error { return nil })
	err := <-errors // BLOCKS: chan-recv
	_ = err
}
