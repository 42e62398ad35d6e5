// Kernel reduced from milvus-io/milvus PR #29812 "fix: Concurrent recursive RLock and Lock cause deadlock"
// (issues #29709, #29712; 2024). config.Manager.GetConfig read-locked the manager and then called a helper that
// read-locked it again. When a config update (Lock) arrives between the two RLocks, the writer waits for the
// first reader and the second RLock waits behind the writer.
// Fix: GetConfig holds the read lock once and calls an unlocked getConfig.
package bad

import (
	"sync"
	"time"
)

type Manager struct {
	sync.RWMutex
	overlays map[string]string
	sources  map[string]string
}

func (m *Manager) GetConfig(key string) string {
	m.RLock()
	defer m.RUnlock()
	if v, ok := m.overlays[key]; ok {
		return v
	}
	time.Sleep(20 * time.Millisecond) // a refresh arrives meanwhile
	return m.getFromSources(key)
}

func (m *Manager) getFromSources(key string) string {
	m.RLock() // BLOCKS: rwmutex
	defer m.RUnlock()
	return m.sources[key]
}

func (m *Manager) SetConfig(key, value string) {
	m.Lock() // BLOCKS: rwmutex
	defer m.Unlock()
	m.overlays[key] = value
}

func Run() {
	m := &Manager{overlays: map[string]string{}, sources: map[string]string{"etcd.endpoints": "127.0.0.1:2379"}}
	go func() {
		time.Sleep(5 * time.Millisecond)
		m.SetConfig("proxy.port", "19530")
	}()
	_ = m.GetConfig("etcd.endpoints")
}
