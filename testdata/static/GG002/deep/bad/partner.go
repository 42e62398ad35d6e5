package bad

// The command reports only failures on its channel; a caller that waits for the outcome blocks forever when the
// command succeeds.
type command struct {
	run    func() error
	errors chan error
	result string
}

func (c *command) finish(err error) {
	if err != nil {
		c.result = "failure"
		c.errors <- err
		return
	}
	c.result = "success"
}

func Go(run func() error) chan error {
	c := &command{run: run, errors: make(chan error, 1)}
	go func() {
		c.finish(c.run())
	}()
	return c.errors
}

func Check(run func() error) error {
	return <-Go(run) // want GG002
}
