// Kernel reduced from InVisionApp/go-health PR #35 "fixed goroutine leak after .Stop() is called" (2018): "forgot
// that ticker.Stop() does not close the ticker channel (and thus the goroutine never exits). Updated to use a stop
// channel instead." Each health check runs in a goroutine ranging over its ticker's channel; Stop stops the
// tickers, and the goroutines stay blocked receiving from channels that will never deliver again.
package bad

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
}

func (h *Health) startRunner(c *checker, ticker *time.Ticker) {
	for {
		_, ok := <-ticker.C // BLOCKS: chan-recv
		if !ok {
			return
		}
		err := c.check()
		h.mu.Lock()
		h.states[c.name] = err
		h.mu.Unlock()
	}
}

func (h *Health) Start() {
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
}

func Run() {
	redis := &checker{name: "redis", interval: time.Millisecond, check: func() error { return nil }}
	h := &Health{states: map[string]error{}, checks: []*checker{redis}}
	h.Start()
	time.Sleep(5 * time.Millisecond)
	h.Stop()
}
