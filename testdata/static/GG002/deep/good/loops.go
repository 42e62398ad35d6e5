package good

import (
	"strings"
	"sync"
	"time"
)

// Close closes the request queue, so the sending loop leaves.
type Client struct {
	mu   sync.Mutex
	sent []string
	reqs chan string
	done chan struct{}
}

func NewClient() *Client {
	c := &Client{reqs: make(chan string), done: make(chan struct{})}
	go c.sendLoop()
	return c
}

func (c *Client) write(r string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, r)
	return nil
}

func (c *Client) sendLoop() {
	defer close(c.done)
	for {
		r, ok := <-c.reqs
		if !ok {
			return
		}
		if err := c.write(r); err != nil {
			return
		}
	}
}

func (c *Client) Send(r string) { c.reqs <- strings.TrimSpace(r) }

func (c *Client) Close() {
	close(c.reqs)
	<-c.done
}

// A stop channel ends the ticker loop.
type Poller struct {
	t     *time.Ticker
	stop  chan struct{}
	polls int
}

func (p *Poller) run(t *time.Ticker) {
	for {
		select {
		case <-t.C:
			p.polls++
		case <-p.stop:
			return
		}
	}
}

func (p *Poller) Start() {
	p.t = time.NewTicker(time.Millisecond)
	p.stop = make(chan struct{})
	go p.run(p.t)
}

func (p *Poller) Stop() {
	p.t.Stop()
	close(p.stop)
}

// The producer closes the channel it is handed.
func produce(in []string, out chan<- string) {
	defer close(out)
	for _, s := range in {
		out <- s
	}
}

func Copy(in []string) []string {
	results := make(chan string)
	written := make(chan struct{})
	var got []string
	go func() {
		defer close(written)
		for s := range results {
			got = append(got, s)
		}
	}()
	produce(in, results)
	<-written
	return got
}

// A loop that leaves on a sentinel value, not on close.
func Until(n int) int {
	ch := make(chan int)
	go func() {
		for i := 0; i <= n; i++ {
			ch <- i
		}
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok || v == n {
			return sum
		}
		sum += v
	}
}
