// Fixed version of hellofresh/health-go#224: resCh is buffered, so a late result goes into the buffer.
package fixed

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
		resCh := make(chan error, 1)
		go func(c Config) {
			resCh <- c.Check(ctx)
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
