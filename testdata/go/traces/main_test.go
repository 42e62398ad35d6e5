package main

import (
	"context"
	"testing"
)

// TestQuotes leaks one fetchQuote goroutine per call (GG001): `go test -trace` shows them alive at the end,
// created by this test.
func TestQuotes(t *testing.T) {
	for i := 0; i < 5; i++ {
		if _, err := quoteHandler(context.Background(), i); err == nil {
			t.Fatal("the backend answered before the deadline")
		}
	}
}

// TestFixedQuotes uses the fixed handler: nothing leaks.
func TestFixedQuotes(t *testing.T) {
	for i := 0; i < 5; i++ {
		_, _ = quoteHandlerFixed(context.Background(), i)
	}
}
