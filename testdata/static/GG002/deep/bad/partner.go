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

// With a default clause that sends nothing, the goroutine can finish without sending.
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
		default:
		}
	}()
	return <-srvc // want GG002
}
