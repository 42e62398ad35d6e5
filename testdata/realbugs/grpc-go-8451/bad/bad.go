// Kernel reduced from grpc/grpc-go PR #8451 "transport: release mutex before returning on expired deadlines in
// server streams" (2025). PR #8439 made the server's header handling return early when the request deadline had
// already expired — from inside the region that holds the server transport mutex, without unlocking it. Every
// later stream and the transport's Close then wait on the mutex forever.
// Fix: unlock before the early return.
package bad

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
		// deadline already expired: reply DEADLINE_EXCEEDED and drop the stream
		return
	}
	t.activeStreams[s.id] = s
	t.mu.Unlock()
}

func (t *http2Server) Close() {
	t.mu.Lock() // BLOCKS: mutex
	t.state = "closing"
	t.activeStreams = nil
	t.mu.Unlock()
}

func Run() {
	t := &http2Server{activeStreams: map[uint32]*serverStream{}, state: "reachable"}
	t.operateHeaders(&serverStream{id: 1, deadline: time.Now().Add(-time.Second)})
	t.Close()
}
