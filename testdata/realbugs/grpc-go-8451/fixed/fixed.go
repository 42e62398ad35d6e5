// Fixed version of grpc/grpc-go PR #8451: the early return on an expired deadline releases the mutex.
package fixed

import (
	"sync"
	"time"
)

type serverStream struct {
	id       uint32
	deadline time.Time
}

type http2Server struct {
	mu            sync.Mutex
	activeStreams map[uint32]*serverStream
	state         string
}

func (t *http2Server) operateHeaders(s *serverStream) {
	t.mu.Lock()
	if t.state != "reachable" {
		t.mu.Unlock()
		return
	}
	if !s.deadline.IsZero() && time.Now().After(s.deadline) {
		t.mu.Unlock()
		return
	}
	t.activeStreams[s.id] = s
	t.mu.Unlock()
}

func (t *http2Server) Close() {
	t.mu.Lock()
	t.state = "closing"
	t.activeStreams = nil
	t.mu.Unlock()
}

func Run() {
	t := &http2Server{activeStreams: map[uint32]*serverStream{}, state: "reachable"}
	t.operateHeaders(&serverStream{id: 1, deadline: time.Now().Add(-time.Second)})
	t.Close()
}
