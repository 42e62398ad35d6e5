package good

// The command reports every outcome, nil for success.
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
	c.errors <- nil
}

func Go(run func() error) chan error {
	c := &command{run: run, errors: make(chan error, 1)}
	go func() {
		c.finish(c.run())
	}()
	return c.errors
}

func Check(run func() error) error {
	return <-Go(run)
}

// The worker closes the channel on the way out, whatever path it takes.
func Ready(start func() error) {
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		if err := start(); err != nil {
			return
		}
	}()
	<-ready
}

// Reduced from net/http/transport_test.go (TestTransportServerProtocols): the goroutine's switch has no default,
// and the scheme is always one of its cases, so the goroutine always sends.
type server struct{ tls bool }

func (s *server) serve() error    { return nil }
func (s *server) serveTLS() error { return nil }

func Serve(scheme string) error {
	srv := &server{tls: scheme == "https"}
	srvc := make(chan error)
	go func() {
		switch scheme {
		case "http":
			srvc <- srv.serve()
		case "https":
			srvc <- srv.serveTLS()
		}
	}()
	return <-srvc
}
