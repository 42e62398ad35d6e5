// Fixed version of matrixorigin/matrixone#25281: bindChangeMu is always taken before allocatorVersionMu, never
// while allocatorVersionMu is held.
package fixed

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
	s.allocatorVersionMu.Lock()
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
	s.allocatorVersion = version
	time.Sleep(20 * time.Millisecond)
	s.allocatorVersionMu.Unlock()
	s.bindChangeMu.Lock()
	defer s.bindChangeMu.Unlock()
	s.binds = map[uint64]string{}
}

func Run() {
	s := &service{binds: map[uint64]string{7: "cn-1"}}
	go s.updateAllocator(2)
	_, _ = s.GetLockHolder(7)
}
