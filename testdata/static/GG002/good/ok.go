package good

import "sync"

func handle(j int) {}

// The producer closes the channel.
func Pool(jobs []int) {
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

// Closed by a deferred close in a same-package callee.
func produce(out chan<- int, n int) {
	defer close(out)
	for i := 0; i < n; i++ {
		out <- i
	}
}

func Sum(n int) int {
	ch := make(chan int)
	go produce(ch, n)
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

// The range has its own exit.
func Until(n int) {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i
		}
	}()
	for v := range ch {
		if v == n {
			break
		}
	}
}

// Stored in a struct: closed elsewhere.
type server struct{ quit chan struct{} }

func New() *server {
	s := &server{}
	q := make(chan struct{})
	s.quit = q
	go func() { <-q }()
	return s
}

// A signal channel that is closed.
func Watch(stop func()) func() {
	done := make(chan struct{})
	go func() {
		<-done
		stop()
	}()
	return func() { close(done) }
}

type streamConn struct{ acks chan int }

func newStreamConn() *streamConn { return &streamConn{acks: make(chan int)} }

func (c *streamConn) drainAcks() {
	for range c.acks {
	}
}

// Closed by its owner.
func (c *streamConn) Close() { close(c.acks) }

// Handed a channel from outside: whoever made it may close it.
type relay struct{ in chan int }

func newRelay(in chan int) *relay { return &relay{in: in} }

func (r *relay) run() {
	for range r.in {
	}
}
