package bad

import "sync"

// good/session_join.go's session, but the receive loop hands each acknowledgement to a goroutine of its own: the
// stream-then-session order can still run after the loop has returned and closed recvDone, so Close's wait does
// not keep the two orders apart. An acknowledgement still in flight when Close runs deadlocks with it.

type SpawnSession struct {
	mu       sync.Mutex
	streams  map[int]*SpawnStream
	inflight map[int]bool
	frames   chan int
	recvDone chan struct{}
	// OnAck runs while an acknowledgement holds its stream's lock (a test hook).
	OnAck func()
}

type SpawnStream struct {
	stateMu sync.Mutex
	id      int
	state   int
	session *SpawnSession
}

func NewSpawnSession(onAck func()) *SpawnSession {
	s := &SpawnSession{
		streams:  map[int]*SpawnStream{},
		inflight: map[int]bool{},
		frames:   make(chan int),
		recvDone: make(chan struct{}),
		OnAck:    onAck,
	}
	go s.recv()
	return s
}

func (s *SpawnSession) Open(id int) {
	st := &SpawnStream{id: id, session: s}
	s.mu.Lock()
	s.streams[id] = st
	s.inflight[id] = true
	s.mu.Unlock()
}

// Frame hands one acknowledgement to the receive loop.
func (s *SpawnSession) Frame(id int) { s.frames <- id }

// Finish stops the receive loop (no more frames).
func (s *SpawnSession) Finish() { close(s.frames) }

func (s *SpawnSession) recv() {
	defer close(s.recvDone)
	for id := range s.frames {
		s.mu.Lock()
		st := s.streams[id]
		s.mu.Unlock()
		if st != nil {
			go st.processAck()
		}
	}
}

// processAck: stream lock, then session lock — on a goroutine that outlives the receive loop.
func (st *SpawnStream) processAck() {
	st.stateMu.Lock()
	defer st.stateMu.Unlock()
	st.state = 1
	if st.session.OnAck != nil {
		st.session.OnAck()
	}
	st.session.established(st.id)
}

func (s *SpawnSession) established(id int) {
	s.mu.Lock() // want GG017
	delete(s.inflight, id)
	s.mu.Unlock()
}

// Close waits for the receive loop, then locks the session and each stream.
func (s *SpawnSession) Close() {
	<-s.recvDone
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.streams {
		st.forceClose()
	}
}

func (st *SpawnStream) forceClose() {
	st.stateMu.Lock() // want GG017
	st.state = 2
	st.stateMu.Unlock()
}
