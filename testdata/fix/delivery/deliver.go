// Package delivery hands a message to a consumer that may give up; Delivered counts messages the consumer took.
// The count relies on the unbuffered send: it only moves once the consumer received.
package delivery

import (
	"sync/atomic"
	"time"
)

var delivered atomic.Int32

// Delivered is how many messages a consumer actually received.
func Delivered() int32 { return delivered.Load() }

// Offer hands msg to the consumer, who waits at most patience for it to be produced.
func Offer(produce func() string, patience time.Duration) (string, bool) {
	ch := make(chan string)
	go func() {
		ch <- produce()
		delivered.Add(1)
	}()
	select {
	case m := <-ch:
		return m, true
	case <-time.After(patience):
		return "", false
	}
}
