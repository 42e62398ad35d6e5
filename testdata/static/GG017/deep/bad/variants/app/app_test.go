package app

import (
	"testing"

	"example.com/ggtestdata/GG017/deep/bad/variants/bus"
)

// The test's own handlers: with app's five, more than a dynamic call's cap of targets.
func TestHandlers(t *testing.T) {
	var a, b, c, d int
	subs := []*bus.Sub{
		bus.Subscribe(func(string) { a++ }),
		bus.Subscribe(func(string) { b++ }),
		bus.Subscribe(func(string) { c++ }),
		bus.Subscribe(func(string) { d++ }),
	}
	for _, s := range subs {
		s.Deliver("m")
	}
	if a+b+c+d != 4 {
		t.Fatal(a, b, c, d)
	}
	cons := NewConsumer()
	cons.sub.Deliver("x")
	if seen, _ := cons.Stats(); seen != 1 {
		t.Fatal(seen)
	}
}
