// Kernel reduced from hellofresh/health-go#224 "Goroutine Leak when the Check Timeout happens" (2025). Measure
// runs each check in a goroutine that reports on an unbuffered resCh and waits for it with a per-check timeout;
// after a timeout it moves on to the next check and nobody ever receives the slow check's result.
// Fix: resCh gets a buffer of one.
package bad

import (
	"context"
	"errors"
	"time"
)

type Config struct {
	Name    string
	Timeout time.Duration
	Check   func(ctx context.Context) error
}

type Health struct {
	checks []Config
}

func (h *Health) Measure(ctx context.Context) map[string]string {
	status := map[string]string{}
	for _, c := range h.checks {
		resCh := make(chan error)
		go func(c Config) {
			resCh <- c.Check(ctx) // BLOCKS: chan-send
		}(c)
		select {
		case <-time.After(c.Timeout):
			status[c.Name] = "timeout"
		case err := <-resCh:
			if err != nil {
				status[c.Name] = err.Error()
			} else {
				status[c.Name] = "ok"
			}
		}
	}
	return status
}

func Run() {
	h := &Health{checks: []Config{
		{Name: "postgres", Timeout: 5 * time.Millisecond, Check: func(context.Context) error {
			time.Sleep(30 * time.Millisecond)
			return errors.New("too slow")
		}},
		{Name: "redis", Timeout: 50 * time.Millisecond, Check: func(context.Context) error { return nil }},
	}}
	_ = h.Measure(context.Background())
}
