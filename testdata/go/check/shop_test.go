package main

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"example.com/shop/orders"
)

// These tests pass: the leaks they trigger are what `goroutine-guard test` (and `check --test`) report.

func newTestServer() *server {
	return &server{
		catalog:      newCatalog(),
		orders:       orders.NewService(orders.NewAuditLog()),
		stock:        newStockCache(),
		priceTimeout: 5 * time.Millisecond,
	}
}

func TestPriceKnownSKU(t *testing.T) {
	s := newTestServer()
	w := httptest.NewRecorder()
	s.price(w, httptest.NewRequest("GET", "/price?sku=apple", nil))
	if !strings.HasPrefix(w.Body.String(), "apple 0.50") {
		t.Fatalf("got %q", w.Body.String())
	}
}

func TestPriceUnknownSKUTimesOut(t *testing.T) {
	s := newTestServer()
	w := httptest.NewRecorder()
	s.price(w, httptest.NewRequest("GET", "/price?sku=plum", nil))
	if w.Code != 504 {
		t.Fatalf("status %d, want 504", w.Code)
	}
}

func TestOrder(t *testing.T) {
	s := newTestServer()
	w := httptest.NewRecorder()
	s.order(w, httptest.NewRequest("GET", "/order?sku=pear", nil))
	if w.Body.String() != "order 1 placed\n" {
		t.Fatalf("got %q", w.Body.String())
	}
}

func TestStock(t *testing.T) {
	if n := newStockCache().total(); n != 14 {
		t.Fatalf("total %d, want 14", n)
	}
}
