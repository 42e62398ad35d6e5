package good

import "sync"

// Stop closes the channel: every loop sees it.
type Pipeline struct {
	stop chan struct{}
	in   chan int
	out  chan int
	mu   sync.Mutex
	sum  int
}

func (p *Pipeline) forward() {
	for {
		select {
		case v := <-p.in:
			p.out <- v
		case <-p.stop:
			return
		}
	}
}

func (p *Pipeline) collect() {
	for {
		select {
		case v := <-p.out:
			p.mu.Lock()
			p.sum += v
			p.mu.Unlock()
		case <-p.stop:
			return
		}
	}
}

func Start() *Pipeline {
	p := &Pipeline{stop: make(chan struct{}), in: make(chan int), out: make(chan int)}
	go p.forward()
	go p.collect()
	return p
}

func (p *Pipeline) Stop() { close(p.stop) }

func (p *Pipeline) Add(v int) { p.in <- v }

// One loop, one send per stop: a request/acknowledge shutdown.
type Server struct{ quit chan chan struct{} }

func (s *Server) loop() {
	for {
		select {
		case ack := <-s.quit:
			close(ack)
			return
		}
	}
}

func NewServer() *Server {
	s := &Server{quit: make(chan chan struct{})}
	go s.loop()
	return s
}

func (s *Server) Close() {
	ack := make(chan struct{})
	s.quit <- ack
	<-ack
}
