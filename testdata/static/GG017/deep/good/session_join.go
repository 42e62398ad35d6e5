package good

import "sync"

// Reduced from hashicorp/yamux (session.go / stream.go): the receive loop locks a stream, then the session
// (processFlags → establishStream); Close locks the session, then each stream (forceClose) — but only after
// `<-s.recvDone`, which the receive loop closes when it returns. The two orders never overlap in time: no deadlock.
// A pair is dropped when one order runs only inside the function that closes the done channel on its way out and
// the other takes its first lock only after receiving from that channel (gg017_join.go). Cf. bad/session_ack.go
// and bad/session_spawn.go.

type Session struct {
	mu       sync.Mutex
	streams  map[int]*SessionStream
	inflight map[int]bool
	frames   chan int
	recvDone chan struct{}
}

type SessionStream struct {
	stateMu sync.Mutex
	id      int
	state   int
	session *Session
}

func NewSession() *Session {
	s := &Session{
		streams:  map[int]*SessionStream{},
		inflight: map[int]bool{},
		frames:   make(chan int),
		recvDone: make(chan struct{}),
	}
	go s.recv()
	return s
}

func (s *Session) Open(id int) *SessionStream {
	st := &SessionStream{id: id, session: s}
	s.mu.Lock()
	s.streams[id] = st
	s.inflight[id] = true
	s.mu.Unlock()
	return st
}

// Frame hands one acknowledgement to the receive loop.
func (s *Session) Frame(id int) { s.frames <- id }

// Finish stops the receive loop (no more frames).
func (s *Session) Finish() { close(s.frames) }

func (s *Session) recv() {
	defer close(s.recvDone)
	for id := range s.frames {
		s.mu.Lock()
		st := s.streams[id]
		s.mu.Unlock()
		if st != nil {
			st.processAck()
		}
	}
}

// processAck runs on the receive loop only: stream lock, then session lock.
func (st *SessionStream) processAck() {
	st.stateMu.Lock()
	defer st.stateMu.Unlock()
	st.state = 1
	st.session.established(st.id)
}

func (s *Session) established(id int) {
	s.mu.Lock()
	delete(s.inflight, id)
	s.mu.Unlock()
}

// Close waits for the receive loop to end before it takes the locks in the other order.
func (s *Session) Close() {
	<-s.recvDone
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.streams {
		st.forceClose()
	}
}

func (st *SessionStream) forceClose() {
	st.stateMu.Lock()
	st.state = 2
	st.stateMu.Unlock()
}
