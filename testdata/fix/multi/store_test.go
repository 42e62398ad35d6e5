package multi

import (
	"context"
	"testing"
	"time"
)

func TestIncEmptyThenGet(t *testing.T) {
	s := NewStore()
	if s.Inc("") {
		t.Fatal("empty key accepted")
	}
	go s.Get("a")
	time.Sleep(10 * time.Millisecond)
}

func TestLoadTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := Load(ctx, "k", 20*time.Millisecond); err == nil {
		t.Fatal("want timeout")
	}
	time.Sleep(40 * time.Millisecond)
}
