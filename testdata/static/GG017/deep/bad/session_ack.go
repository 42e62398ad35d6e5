package bad

import "sync"

// good/session_join.go's session, but a stream can also be acknowledged by its user (Ack), on any goroutine:
// that stream-then-session order does not end with the receive loop, so waiting for the loop before Close takes
// the session, then each stream, does not keep the two orders apart. Ack racing Close deadlocks.

type Session struct {
	mu       sync.Mutex
	streams  map[int]*Stream
	inflight map[int]bool
	frames   chan int
	recvDone chan struct{}
}

type Stream struct {
	stateMu sync.Mutex
	id      int
	state   int
	session *Session
}

func NewSession() *Session {
	s := &Session{
		streams:  map[int]*Stream{},
		inflight: map[int]bool{},
		frames:   make(chan int),
		recvDone: make(chan struct{}),
	}
	go s.recv()
	return s
}

func (s *Session) Open(id int) *Stream {
	st := &Stream{id: id, session: s}
	s.mu.Lock()
	s.streams[id] = st
	s.inflight[id] = true
	s.mu.Unlock()
	return st
}

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

// Ack acknowledges the stream outside the receive loop.
func (st *Stream) Ack() { st.processAck() }

// processAck: stream lock, then session lock.
func (st *Stream) processAck() {
	st.stateMu.Lock()
	defer st.stateMu.Unlock()
	st.state = 1
	st.session.established(st.id)
}

func (s *Session) established(id int) {
	s.mu.Lock() // want GG017
	delete(s.inflight, id)
	s.mu.Unlock()
}

// Close waits for the receive loop, then locks the session and each stream: Ack is not covered by that wait.
func (s *Session) Close() {
	<-s.recvDone
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.streams {
		st.forceClose()
	}
}

func (st *Stream) forceClose() {
	st.stateMu.Lock() // want GG017
	st.state = 2
	st.stateMu.Unlock()
}
