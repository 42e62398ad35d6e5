package good

import "sync"

// Reduced from nats-io/nats-server (recalculateClusteredSeq in server/jetstream_batching.go, called from
// processJetStreamAtomicBatchMsg in server/stream.go): the helper takes the stream lock only when its
// needStreamLock argument is true; the caller that holds the batch lock passes false (it already holds the stream
// lock, taken before the batch lock). The documented order, stream → batch, is the only one.
// The helper's Lock is guarded by the flag; the call that passes the constant false merges no acquisition.

type BatchStream struct {
	mu      sync.RWMutex
	batchMu sync.Mutex
	lseq    uint64
	clseq   uint64
	leader  bool
	batches int
}

func recalcBatchSeq(s *BatchStream, needStreamLock bool) uint64 {
	if needStreamLock {
		s.mu.RLock()
	}
	l := s.lseq
	s.clseq = l
	if needStreamLock {
		s.mu.RUnlock()
	}
	return l
}

// CommitBatch: stream lock, then batch lock; the helper must not lock the stream again.
func (s *BatchStream) CommitBatch() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batchMu.Lock()
	defer s.batchMu.Unlock()
	s.batches++
	return recalcBatchSeq(s, false)
}

// SetLeader: stream lock, then batch lock.
func (s *BatchStream) SetLeader(l bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leader = l
	s.batchMu.Lock()
	s.batches = 0
	s.batchMu.Unlock()
}

// Resync takes the stream lock itself.
func (s *BatchStream) Resync() uint64 { return recalcBatchSeq(s, true) }
