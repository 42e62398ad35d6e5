package handoff

import (
	"context"
	"testing"
	"time"
)

func TestGiveUpIsNotTaken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	before := Taken()
	_, ok := Give(ctx, func() string {
		time.Sleep(20 * time.Millisecond)
		return "job"
	})
	if ok {
		t.Fatal("the worker should have left")
	}
	time.Sleep(40 * time.Millisecond)
	if d := Taken() - before; d != 0 {
		t.Fatalf("Taken moved by %d for a job nobody took", d)
	}
}

func TestGive(t *testing.T) {
	j, ok := Give(context.Background(), func() string { return "job" })
	if !ok || j != "job" {
		t.Fatalf("Give = %q, %v", j, ok)
	}
}
