package timeouttest

import (
	"os"
	"testing"
)

func TestPollAllHealthy(t *testing.T) {
	if got := NewPoller("a", "b").PollAll(); len(got) != 2 {
		t.Fatalf("got %v", got)
	}
}

func TestPollAllWithFailedBackend(t *testing.T) {
	if os.Getenv("GG_TIMEOUT_DEMO") != "1" {
		t.Skip("hangs on purpose; set GG_TIMEOUT_DEMO=1 and run with -timeout")
	}
	t.Log("polling 3 backends, one of them down")
	got := NewPoller("a", "down", "c").PollAll()
	t.Logf("got %v", got)
}
