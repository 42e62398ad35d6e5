package good

import "sync"

// Reduced from IBM/sarama (broker_test.go TestSimpleBrokerCommunication and MockBroker): the server goroutine calls
// the notifier under the broker's lock and the notifier sends on an unbuffered channel. The receiver's only Lock of
// that mutex is SetNotifier, which it calls — and leaves — before the notifier exists, so no sender can hold the lock
// while the receiver waits for it.

type Broker struct {
	lock     sync.Mutex
	notifier func(n int)
	reqs     chan int
}

func NewBroker() *Broker {
	b := &Broker{reqs: make(chan int)}
	go b.serve()
	return b
}

func (b *Broker) SetNotifier(f func(n int)) {
	b.lock.Lock()
	b.notifier = f
	b.lock.Unlock()
}

// Request hands one request to the server goroutine; Close stops it.
func (b *Broker) Request(n int) { b.reqs <- n }
func (b *Broker) Close()        { close(b.reqs) }

func (b *Broker) serve() {
	for n := range b.reqs {
		b.lock.Lock()
		if b.notifier != nil {
			b.notifier(n)
		}
		b.lock.Unlock()
	}
}

// Served registers a notifier, makes one request and waits for its notification.
func Served() int {
	b := NewBroker()
	defer b.Close()
	got := make(chan int)
	b.SetNotifier(func(n int) { got <- n })
	go b.Request(1)
	return <-got
}
