package good

import "sync"

// Reduced from nats-io/nats.go (removeSub, SetClosedHandler, jetstream's push consumer): the connection calls a
// subscription's closed handler under the subscription's lock only for synchronous subscriptions
// (`s.async == false`); asynchronous ones have it called by their delivery goroutine with no lock held. The only
// handler that takes another lock (the consumer's) is set on an asynchronous subscription, so "subscription lock →
// consumer lock" never happens, and Stop's "consumer lock → subscription lock" is the only order.
// The deep engine used to report GG017 here (the handler field's call resolved to every closure stored in it,
// whatever guards the call); the handler's object is followed to where it is made (analyzer/facts/handlers.go).

type Sub struct {
	mu     sync.Mutex
	async  bool
	closed bool
	onDone func()
	msgs   chan string
}

// SetClosedHandler stores the callback run once the subscription is removed.
func (s *Sub) SetClosedHandler(f func()) {
	s.mu.Lock()
	s.onDone = f
	s.mu.Unlock()
}

// Remove marks the subscription closed; synchronous subscriptions get their handler here, under the lock.
func (s *Sub) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if !s.async && s.onDone != nil {
		s.onDone()
	}
	if s.async {
		close(s.msgs)
	}
}

// deliver is the asynchronous subscription's goroutine: it runs the handler after the channel closes, unlocked.
func (s *Sub) deliver(handle func(string)) {
	for m := range s.msgs {
		handle(m)
	}
	s.mu.Lock()
	done := s.onDone
	s.mu.Unlock()
	if done != nil {
		done()
	}
}

func SubscribeAsync(handle func(string)) *Sub {
	s := &Sub{async: true, msgs: make(chan string)}
	go s.deliver(handle)
	return s
}

// SubscribeSync returns a subscription whose handler Remove calls under the lock (a log-only handler here).
func SubscribeSync(log func()) *Sub {
	s := &Sub{}
	s.SetClosedHandler(log)
	return s
}

type Consumer struct {
	mu       sync.Mutex
	sub      *Sub
	stopped  bool
	closedCh chan struct{}
}

func Consume(handle func(string)) *Consumer {
	c := &Consumer{closedCh: make(chan struct{})}
	c.sub = SubscribeAsync(handle)
	c.sub.SetClosedHandler(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		close(c.closedCh)
	})
	return c
}

// Sub is the consumer's subscription.
func (c *Consumer) Sub() *Sub { return c.sub }

// Stop: consumer lock, then (in Remove) the subscription lock.
func (c *Consumer) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.stopped = true
	c.sub.Remove()
}
