// Kernel reduced from matrixorigin/matrixone#25281 "[Bug]: lock ordering inversion between GetLockHolder and
// allocator update paths" (2026). The observability path read-locks bindChangeMu and then takes
// allocatorVersionMu (in getLockHolder); the allocator update path holds allocatorVersionMu and then write-locks
// bindChangeMu. Run concurrently, each holds the lock the other needs.
// Fix: one order — the update path releases allocatorVersionMu before it takes bindChangeMu.
package bad

import (
	"sync"
	"time"
)

type service struct {
	bindChangeMu       sync.RWMutex
	binds              map[uint64]string
	allocatorVersionMu sync.Mutex
	allocatorVersion   uint64
}

func (s *service) getLockHolder(table uint64) (string, uint64) {
	s.allocatorVersionMu.Lock() // BLOCKS: mutex
	defer s.allocatorVersionMu.Unlock()
	return s.binds[table], s.allocatorVersion
}

func (s *service) GetLockHolder(table uint64) (string, uint64) {
	s.bindChangeMu.RLock()
	defer s.bindChangeMu.RUnlock()
	time.Sleep(20 * time.Millisecond)
	return s.getLockHolder(table)
}

func (s *service) updateAllocator(version uint64) {
	s.allocatorVersionMu.Lock()
	defer s.allocatorVersionMu.Unlock()
	s.allocatorVersion = version
	time.Sleep(20 * time.Millisecond)
	s.bindChangeMu.Lock() // BLOCKS: rwmutex
	defer s.bindChangeMu.Unlock()
	s.binds = map[uint64]string{}
}

func Run() {
	s := &service{binds: map[uint64]string{7: "cn-1"}}
	go s.updateAllocator(2)
	_, _ = s.GetLockHolder(7)
}
