package bad

// An event loop whose only way out is the quit case; only Close closes quit, and the owner's Stop forgets to call
// it: every stopped Service leaves its loop parked in the select.
type events struct {
	updates chan string
	quit    chan struct{}
	seen    []string
}

func newEvents() *events {
	e := &events{updates: make(chan string), quit: make(chan struct{})}
	go e.loop()
	return e
}

func (e *events) loop() {
	for {
		select { // want GG002
		case u := <-e.updates:
			e.seen = append(e.seen, u)
		case <-e.quit:
			return
		}
	}
}

func (e *events) Close() { close(e.quit) }

type Service struct{ events *events }

func (s *Service) Start() { s.events = newEvents() }

func (s *Service) Publish(u string) { s.events.updates <- u }

func (s *Service) Stop() {}

// A watcher waits for a stop or an error that nothing ever sends or closes.
type watcher struct {
	stop chan struct{}
	errs chan error
}

func Watch(onStop func()) {
	w := &watcher{stop: make(chan struct{}), errs: make(chan error)}
	go func() {
		select { // want GG002
		case <-w.stop:
		case <-w.errs:
		}
		onStop()
	}()
}
