// Package blocking has one test that waits long enough for a signal to interrupt goroutine-guard mid-run.
package blocking

import (
	"fmt"
	"testing"
	"time"
)

func TestWaitsForSignal(t *testing.T) {
	fmt.Println("blocking: test started")
	time.Sleep(60 * time.Second)
}
