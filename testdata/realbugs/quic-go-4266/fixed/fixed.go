// Fixed version of quic-go/quic-go#4266: Transport.close takes the server out under its mutex and closes it
// after unlocking, so the lock order server -> transport is the only one.
package fixed

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
	s.mutex.Lock()
	defer s.mutex.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	time.Sleep(20 * time.Millisecond)
	s.tr.closeServer()
}

func (t *Transport) closeServer() {
	t.mutex.Lock()
	defer t.mutex.Unlock()
	t.server = nil
}

func (t *Transport) close() {
	t.mutex.Lock()
	t.closed = true
	srv := t.server
	time.Sleep(20 * time.Millisecond)
	t.mutex.Unlock()
	if srv != nil {
		srv.close()
	}
}

func Run() {
	tr := &Transport{}
	srv := &baseServer{tr: tr}
	tr.server = srv
	go tr.close()
	srv.close()
}
