// Package signals: signal.Notify starts one process-wide loop by design; the default ignore set must hide it.
package signals

import (
	"os"
	"os/signal"
	"testing"
)

func TestNotifyStartsBenignLoop(t *testing.T) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	signal.Stop(c)
}
