package firstresult

import (
	"context"
	"testing"
	"time"
)

func TestFast(t *testing.T) {
	v, err := Lookup(context.Background(), "k", 0)
	if err != nil || v != "value of k" {
		t.Fatalf("Lookup = %q, %v", v, err)
	}
}

func TestTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := Lookup(ctx, "k", 30*time.Millisecond); err == nil {
		t.Fatal("want a timeout")
	}
	time.Sleep(60 * time.Millisecond) // the lookup has finished and is now stuck sending
}
