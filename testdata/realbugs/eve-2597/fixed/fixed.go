// Fixed version of lf-edge/eve PR #2597: the cache update unlocks on every path.
package fixed

import (
	"sync"
	"time"
)

type linkUpdate struct {
	ifIndex int
	name    string
}

type LinuxNetworkMonitor struct {
	sync.Mutex
	ifIndexToName map[int]string
	updates       chan linkUpdate
}

func (m *LinuxNetworkMonitor) watcher() {
	for u := range m.updates {
		m.applyUpdate(u)
	}
}

func (m *LinuxNetworkMonitor) applyUpdate(u linkUpdate) {
	m.Lock()
	defer m.Unlock()
	if u.name == "" {
		return
	}
	m.ifIndexToName[u.ifIndex] = u.name
}

// GetInterfaceIndex is called by the DPC manager.
func (m *LinuxNetworkMonitor) GetInterfaceIndex(name string) int {
	m.Lock()
	defer m.Unlock()
	for idx, n := range m.ifIndexToName {
		if n == name {
			return idx
		}
	}
	return -1
}

func Run() {
	m := &LinuxNetworkMonitor{ifIndexToName: map[int]string{}, updates: make(chan linkUpdate)}
	go m.watcher()
	m.updates <- linkUpdate{ifIndex: 2, name: "eth0"}
	m.updates <- linkUpdate{ifIndex: 3, name: ""}
	time.Sleep(5 * time.Millisecond)
	_ = m.GetInterfaceIndex("eth0")
	close(m.updates)
}
