package good

import "sync"

// Reduced from nats-io/nats.go (jetstream's cleanupReplySub and test/reconnect_test.go): the publisher keeps a
// status channel in a field and sets the field to nil when it unregisters; a listener loop elsewhere got the same
// channel from Listen into a local variable and receives from that local, which nobody sets to nil. The nil store
// changes the field, not the channel the loop reads.

type Conn struct {
	mu        sync.Mutex
	listeners []chan int
}

// Listen returns a new status channel registered with the connection.
func (c *Conn) Listen() chan int {
	ch := make(chan int, 4)
	c.mu.Lock()
	c.listeners = append(c.listeners, ch)
	c.mu.Unlock()
	return ch
}

// Unlisten forgets a status channel.
func (c *Conn) Unlisten(ch chan int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, l := range c.listeners {
		if l == ch {
			c.listeners = append(c.listeners[:i], c.listeners[i+1:]...)
			return
		}
	}
}

type Publisher struct {
	conn     *Conn
	statusCh chan int
}

func (p *Publisher) start() {
	if p.statusCh == nil {
		p.statusCh = p.conn.Listen()
	}
}

func (p *Publisher) cleanup() {
	if p.statusCh != nil {
		p.conn.Unlisten(p.statusCh)
		p.statusCh = nil
	}
}

// Watch forwards statuses until the caller closes the channel it got from Listen.
func Watch(c *Conn, p *Publisher, out chan<- int) (stop func()) {
	p.start()
	defer p.cleanup()
	statusCh := c.Listen()
	go func() {
		for {
			s, ok := <-statusCh
			if !ok {
				return
			}
			out <- s
		}
	}()
	return func() { close(statusCh) }
}
