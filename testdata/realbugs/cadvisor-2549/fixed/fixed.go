// Fixed version of google/cadvisor PR #2549: done is buffered, so the late result does not block.
package fixed

import (
	"errors"
	"fmt"
	"time"
)

type host struct {
	name     string
	testTime time.Duration
}

func (h host) runTests() error {
	time.Sleep(h.testTime)
	return errors.New("tests failed on " + h.name)
}

func PushAndRunTests(h host, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		done <- h.runTests()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("timed out waiting for tests on %s", h.name)
	}
}

func Run() {
	for _, h := range []host{{"e2e-1", 30 * time.Millisecond}, {"e2e-2", time.Millisecond}} {
		_ = PushAndRunTests(h, 10*time.Millisecond)
	}
}
