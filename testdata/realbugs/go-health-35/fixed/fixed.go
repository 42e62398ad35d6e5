// Fixed version of InVisionApp/go-health PR #35: the runners select on a stop channel that Stop closes.
package fixed

import (
	"sync"
	"time"
)

type checker struct {
	name     string
	interval time.Duration
	check    func() error
}

type Health struct {
	mu      sync.Mutex
	states  map[string]error
	checks  []*checker
	tickers []*time.Ticker
	stop    chan struct{}
}

func (h *Health) startRunner(c *checker, ticker *time.Ticker) {
	for {
		select {
		case <-ticker.C:
		case <-h.stop:
			return
		}
		err := c.check()
		h.mu.Lock()
		h.states[c.name] = err
		h.mu.Unlock()
	}
}

func (h *Health) Start() {
	h.stop = make(chan struct{})
	for _, c := range h.checks {
		t := time.NewTicker(c.interval)
		h.tickers = append(h.tickers, t)
		go h.startRunner(c, t)
	}
}

func (h *Health) Stop() {
	for _, t := range h.tickers {
		t.Stop()
	}
	close(h.stop)
}

func Run() {
	redis := &checker{name: "redis", interval: time.Millisecond, check: func() error { return nil }}
	h := &Health{states: map[string]error{}, checks: []*checker{redis}}
	h.Start()
	time.Sleep(5 * time.Millisecond)
	h.Stop()
}
