// Package orders places orders and tells every registered Notifier about each one.
package orders

import (
	"log"
	"sync"
)

type Order struct {
	ID  int
	SKU string
}

// Notifier is told about every order; Place calls each one in its own goroutine so a slow notifier never delays
// the caller.
type Notifier interface {
	Notify(Order)
}

type Service struct {
	mu        sync.Mutex
	next      int
	notifiers []Notifier
}

func NewService(notifiers ...Notifier) *Service {
	return &Service{notifiers: notifiers}
}

func (s *Service) Place(sku string) Order {
	s.mu.Lock()
	s.next++
	o := Order{ID: s.next, SKU: sku}
	s.mu.Unlock()
	for _, n := range s.notifiers {
		go n.Notify(o)
	}
	return o
}

// LogNotifier writes one log line per order.
type LogNotifier struct {
	Logger *log.Logger
}

func (l LogNotifier) Notify(o Order) {
	l.Logger.Printf("order %d: %s", o.ID, o.SKU)
}
