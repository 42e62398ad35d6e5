package good

import "sync"

// Reduced from nats-io/nats-server (internalSendLoop / shutdownEventing, server/events.go): the send loop re-reads
// its reset channel at the RESET label and leaves through `return` on the quit channel or on the last queued
// message; a receive on the reset channel only jumps back to RESET. Shutdown sets the reset field to nil, queues a
// last message and waits: the loop returns on that message (or on quit), never waiting on the nil channel alone.

type Server struct {
	mu      sync.Mutex
	resetCh chan struct{}
	sendq   chan string
	quitCh  chan struct{}
	wg      sync.WaitGroup
	sent    int
}

func Start() *Server {
	s := &Server{resetCh: make(chan struct{}, 1), sendq: make(chan string, 8), quitCh: make(chan struct{})}
	s.wg.Add(1)
	go s.sendLoop()
	return s
}

func (s *Server) sendLoop() {
	defer s.wg.Done()
RESET:
	s.mu.Lock()
	resetCh := s.resetCh
	s.mu.Unlock()
	for {
		select {
		case m := <-s.sendq:
			if m == "last" {
				return
			}
			s.sent++
		case <-resetCh:
			goto RESET
		case <-s.quitCh:
			return
		}
	}
}

// Reset makes the loop re-read its settings.
func (s *Server) Reset() {
	s.mu.Lock()
	ch := s.resetCh
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
	default: // a reset is already pending, or the loop is gone (a nil channel never takes the value)
	}
}

// Shutdown clears the reset channel, queues the last message and waits for the loop.
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.resetCh = nil
	s.mu.Unlock()
	s.sendq <- "last"
	s.wg.Wait()
}
