// Package bad holds GG002 cases only the deep engine sees: the channel lives in a struct field or is handed to
// other functions, and the loop that waits for its close is not a plain range.
package bad

import (
	"strings"
	"sync"
	"time"
)

// A request queue in a struct field: the sending loop leaves when the queue is closed, and Close never closes it.
type Client struct {
	mu   sync.Mutex
	sent []string
	reqs chan string
}

func NewClient() *Client {
	c := &Client{reqs: make(chan string)}
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
	for {
		r, ok := <-c.reqs // want GG002
		if !ok {
			return
		}
		if err := c.write(r); err != nil {
			return
		}
	}
}

func (c *Client) Send(r string) { c.reqs <- strings.TrimSpace(r) }

func (c *Client) Close() {}

// A runner that stops its ticker and expects the loop to see the channel closed: Stop never closes it.
type Poller struct {
	t     *time.Ticker
	polls int
}

func (p *Poller) run(t *time.Ticker) {
	for {
		if _, ok := <-t.C; !ok { // want GG002
			return
		}
		p.polls++
	}
}

func (p *Poller) Start() {
	p.t = time.NewTicker(time.Millisecond)
	go p.run(p.t)
}

func (p *Poller) Stop() { p.t.Stop() }

// The writer waits for the results channel to close; the producer it is handed to never closes it, so the
// writer and the caller waiting for it block.
func produce(in []string, out chan<- string) {
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
		for s := range results { // want GG002
			got = append(got, s)
		}
	}()
	produce(in, results)
	<-written
	return got
}
