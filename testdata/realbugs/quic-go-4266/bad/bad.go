// Kernel reduced from quic-go/quic-go#4266 "deadlock when closing transport and/or server" (2024).
// Two close paths take the same two mutexes in opposite orders:
//
//	baseServer.close -> server.mutex -> Transport.closeServer -> transport.mutex
//	Transport.close  -> transport.mutex -> baseServer.close   -> server.mutex
//
// Closing the listener and the transport at the same time deadlocks.
// Fix: the transport no longer calls into the server while holding its own mutex.
package bad

import (
	"sync"
	"time"
)

type Transport struct {
	mutex  sync.Mutex
	server *baseServer
	closed bool
}

type baseServer struct {
	mutex  sync.Mutex
	tr     *Transport
	closed bool
}

func (s *baseServer) close() {
	s.mutex.Lock() // BLOCKS: mutex
	defer s.mutex.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	time.Sleep(20 * time.Millisecond)
	s.tr.closeServer()
}

func (t *Transport) closeServer() {
	t.mutex.Lock() // BLOCKS: mutex
	defer t.mutex.Unlock()
	t.server = nil
}

func (t *Transport) close() {
	t.mutex.Lock()
	defer t.mutex.Unlock()
	t.closed = true
	time.Sleep(20 * time.Millisecond)
	if t.server != nil {
		t.server.close()
	}
}

func Run() {
	tr := &Transport{}
	srv := &baseServer{tr: tr}
	tr.server = srv
	go tr.close()
	srv.close()
}
