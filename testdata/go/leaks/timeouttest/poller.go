// Package timeouttest holds a test that hangs on purpose so that `go test -timeout` panics with
// "panic: test timed out after …" and prints every goroutine — the dump a CI log contains. The
// hanging test only runs when GG_TIMEOUT_DEMO=1.
package timeouttest

import "time"

// Poller fans a query out to its backends and waits for all of them.
type Poller struct {
	backends []string
	results  chan string
}

func NewPoller(backends ...string) *Poller {
	return &Poller{backends: backends, results: make(chan string)}
}

func (p *Poller) ask(backend string) {
	if backend == "down" {
		return // bug: no result is sent for a failed backend
	}
	time.Sleep(time.Millisecond)
	p.results <- backend
}

// PollAll waits for one answer per backend; with a failed backend it waits forever.
func (p *Poller) PollAll() []string {
	for _, b := range p.backends {
		go p.ask(b)
	}
	var out []string
	for range p.backends {
		out = append(out, <-p.results)
	}
	return out
}
