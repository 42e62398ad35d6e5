package bad

import "sync"

// The receiver installs the notifier under the broker's lock (SetNotifier), then takes the lock again (Count) before
// each receive: by then the server goroutine may hold the lock inside the notifier, blocked on the send the receiver
// has not reached.
type Broker struct {
	lock     sync.Mutex
	notifier func(n int)
	served   int
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

func (b *Broker) Count() int {
	b.lock.Lock()
	defer b.lock.Unlock()
	return b.served
}

func (b *Broker) Request(n int) { b.reqs <- n }
func (b *Broker) Close()        { close(b.reqs) }

func (b *Broker) serve() {
	for n := range b.reqs {
		b.lock.Lock()
		b.served++
		if b.notifier != nil {
			b.notifier(n)
		}
		b.lock.Unlock()
	}
}

// Polled makes n requests and reads the count before each notification.
func Polled(n int) int {
	b := NewBroker()
	defer b.Close()
	got := make(chan int)
	b.SetNotifier(func(v int) {
		got <- v // want GG016
	})
	go func() {
		for i := 0; i < n; i++ {
			b.Request(i)
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += b.Count()
		sum += <-got
	}
	return sum
}
