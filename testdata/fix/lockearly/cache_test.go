package lockearly

import (
	"testing"
	"time"
)

func TestHit(t *testing.T) {
	c := New()
	c.Put("a", "1")
	if v, ok := c.Get("a"); !ok || v != "1" {
		t.Fatalf("Get(a) = %q, %v", v, ok)
	}
}

func TestMissThenPut(t *testing.T) {
	c := New()
	if _, ok := c.Get("b"); ok {
		t.Fatal("b must be missing")
	}
	done := make(chan struct{})
	go func() {
		c.Put("b", "2")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(50 * time.Millisecond):
		t.Log("Put is slow")
	}
}
