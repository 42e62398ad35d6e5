// Fixed version of afex/hystrix-go#7: the error channel is closed once the command has finished.
package fixed

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
	defer close(c.errors)
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
	err := <-errors
	_ = err
}
