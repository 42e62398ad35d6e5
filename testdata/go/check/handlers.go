package main

import (
	"fmt"
	"net/http"
	"time"

	"example.com/shop/orders"
)

type server struct {
	catalog      *catalog
	orders       *orders.Service
	stock        *stockCache
	priceTimeout time.Duration
}

func (s *server) routes(mux *http.ServeMux) {
	mux.HandleFunc("/price", s.price)
	mux.HandleFunc("/order", s.order)
	mux.HandleFunc("/stock", s.stockLevels)
}

// price answers with the catalog price, or 504 when the catalog is slower than the timeout.
func (s *server) price(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	quote := make(chan float64)
	go func() {
		quote <- s.catalog.lookup(sku)
	}()
	select {
	case p := <-quote:
		fmt.Fprintf(w, "%s %.2f\n", sku, p)
	case <-time.After(s.priceTimeout):
		http.Error(w, "catalog timed out", http.StatusGatewayTimeout)
	}
}

func (s *server) order(w http.ResponseWriter, r *http.Request) {
	o := s.orders.Place(r.URL.Query().Get("sku"))
	fmt.Fprintf(w, "order %d placed\n", o.ID)
}

func (s *server) stockLevels(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%d items in stock\n", s.stock.total())
}
