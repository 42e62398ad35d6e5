// Package settle: goroutines that are still waiting when the tests end but exit a little later are not leaks.
// goroutine-guard must wait for them (within --settle) instead of reporting them.
package settle

import (
	"testing"
	"time"
)

func TestLateTimerDoesNotLeak(t *testing.T) {
	go func() {
		timer := time.NewTimer(300 * time.Millisecond)
		defer timer.Stop()
		<-timer.C
	}()
}

func TestLateSelectDoesNotLeak(t *testing.T) {
	done := make(chan struct{})
	time.AfterFunc(200*time.Millisecond, func() { close(done) })
	go func() {
		select {
		case <-done:
		case <-time.After(time.Hour):
		}
	}()
}
