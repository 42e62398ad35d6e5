// Package app consumes from bus (jetstream's consumers reduced): a handler takes the consumer's lock inside
// bus's Sub.mu, and Stats takes Sub.mu inside the consumer's lock — an AB–BA cycle across two packages that must
// be reported with test files loaded too: the handlers of app and of its test variant are one set of functions,
// and the test's own handlers do not crowd out the product's.
package app

import (
	"sync"

	"example.com/ggtestdata/GG017/deep/bad/variants/bus"
)

type Consumer struct {
	mu   sync.Mutex
	sub  *bus.Sub
	seen int
}

func NewConsumer() *Consumer {
	c := &Consumer{}
	c.sub = bus.Subscribe(func(msg string) {
		c.mu.Lock() // want GG017
		c.seen++
		c.mu.Unlock()
	})
	return c
}

// Stats reads the backlog with the consumer locked.
func (c *Consumer) Stats() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen, c.sub.Pending() // through Pending
}

// Four more handlers: five in all, ten with the test variant's copies.

func Log(out *[]string) *bus.Sub {
	return bus.Subscribe(func(msg string) { *out = append(*out, msg) })
}

func Count(n *int) *bus.Sub { return bus.Subscribe(func(string) { *n++ }) }

func Drop() *bus.Sub { return bus.Subscribe(func(string) {}) }

func Forward(to chan<- string) *bus.Sub {
	return bus.Subscribe(func(msg string) {
		select {
		case to <- msg:
		default:
		}
	})
}
