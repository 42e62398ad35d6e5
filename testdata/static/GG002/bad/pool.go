package bad

import "sync"

func handle(j int) {}

// A worker pool whose jobs channel is never closed: the workers wait forever after the last job.
func Pool(jobs []int) {
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch { // want GG002
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
}

// A signal channel nobody sends to or closes.
func Watch(stop func()) {
	done := make(chan struct{})
	go func() {
		<-done // want GG002
		stop()
	}()
}

// The worker is a same-package function.
func consume(in <-chan string) {
	for s := range in { // want GG002
		_ = s
	}
}

func Feed(items []string) {
	in := make(chan string)
	go consume(in)
	for _, s := range items {
		in <- s
	}
}

// A field channel nothing in the package closes.
type streamConn struct{ acks chan int }

func newStreamConn() *streamConn { return &streamConn{acks: make(chan int)} }

func (c *streamConn) ack(n int) { c.acks <- n }

func (c *streamConn) drainAcks() {
	for range c.acks { // want GG002
	}
}

func (c *streamConn) Start() { go c.drainAcks() }
