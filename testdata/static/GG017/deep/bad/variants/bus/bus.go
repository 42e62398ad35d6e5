// Package bus delivers messages to a subscriber's handler under the subscription's lock (nats.go's Subscription
// reduced). Loaded with test files, bus and app each have a test variant beside the package that importers see.
package bus

import "sync"

// Handler is called for each message, with the subscription locked.
type Handler func(msg string)

type Sub struct {
	mu      sync.Mutex
	handler Handler
	pending []string
}

// Subscribe returns a subscription that delivers to h.
func Subscribe(h Handler) *Sub { return &Sub{handler: h} }

// Deliver calls the handler with the subscription locked.
func (s *Sub) Deliver(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler(msg)
}

// Pending counts the undelivered messages.
func (s *Sub) Pending() int {
	s.mu.Lock() // want GG017
	defer s.mu.Unlock()
	return len(s.pending)
}
