// Kernel reduced from google/cadvisor PR #2549 "runner: fix goroutine leak" (2020). The integration-test runner
// runs the tests on a host in a goroutine that reports on an unbuffered `done` channel and waits for it with a
// timeout. The send always happens, the receive only when no timeout fired: a timed-out host leaks the goroutine.
// Fix: `done` gets a buffer of one.
package bad

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
	done := make(chan error)
	go func() {
		done <- h.runTests() // BLOCKS: chan-send
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
