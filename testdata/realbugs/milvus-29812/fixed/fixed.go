// Fixed version of milvus-io/milvus PR #29812: the read lock is taken once; the helper assumes it is held.
package fixed

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
	return m.getConfig(key)
}

// getConfig requires m's read lock.
func (m *Manager) getConfig(key string) string {
	if v, ok := m.overlays[key]; ok {
		return v
	}
	time.Sleep(20 * time.Millisecond)
	return m.sources[key]
}

func (m *Manager) SetConfig(key, value string) {
	m.Lock()
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
