package good

// Reduced from nats-io/nats-server (fileStore.removeMsg, removeMsgViaLimits): the Lock sits in a closure that
// captures the needFSLock flag; the caller that holds the lock passes false through removeMsgViaLimits. The
// captured flag is followed through the closure's cell to the parameter and to the constant: no re-acquisition.

import "sync"

type Store struct {
	mu   sync.Mutex
	msgs map[int]int
}

func (s *Store) remove(seq int, needLock bool) bool {
	lock := func() {
		if needLock {
			s.mu.Lock()
		}
	}
	unlock := func() {
		if needLock {
			s.mu.Unlock()
		}
	}
	lock()
	defer unlock()
	delete(s.msgs, seq)
	return true
}

func (s *Store) removeViaLimits(seq int) bool { return s.remove(seq, false) }

func (s *Store) Expire(seq int) {
	s.mu.Lock()
	s.removeViaLimits(seq)
	s.mu.Unlock()
}

func (s *Store) Remove(seq int) bool { return s.remove(seq, true) }
