package good

import (
	"context"
	"io"
)

// The owner's Stop closes the event loop.
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
		select {
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

func (s *Service) Stop() { s.events.Close() }

// A library type: the package only exports the constructor and Close; pairing them is the caller's job.
type Feed struct {
	items chan int
	done  chan struct{}
}

func NewFeed() *Feed {
	f := &Feed{items: make(chan int), done: make(chan struct{})}
	go f.run()
	return f
}

func (f *Feed) run() {
	for {
		select {
		case <-f.items:
		case <-f.done:
			return
		}
	}
}

func (f *Feed) Close() { close(f.done) }

// The watcher also leaves with its context.
type watcher struct {
	stop chan struct{}
	errs chan error
}

func Watch(ctx context.Context, onStop func()) {
	w := &watcher{stop: make(chan struct{}), errs: make(chan error)}
	go func() {
		select {
		case <-w.stop:
		case <-w.errs:
		case <-ctx.Done():
		}
		onStop()
	}()
}

// Closed through an interface: the owner embeds the loop's type, and the caller closes the io.Closer it gets.
type inner struct {
	in   chan int
	quit chan struct{}
}

func (i *inner) loop() {
	for {
		select {
		case <-i.in:
		case <-i.quit:
			return
		}
	}
}

func (i *inner) Close() error {
	close(i.quit)
	return nil
}

type outer struct{ *inner }

func open() io.Closer {
	o := &outer{&inner{in: make(chan int), quit: make(chan struct{})}}
	go o.loop()
	return o
}

func Use() { _ = open().Close() }
