// Kernel reduced from lf-edge/eve PR #2597 "Fix leaking locked mutex in netmonitor" (2022). The netlink watcher of
// LinuxNetworkMonitor locked the monitor's mutex to update its interface cache and, on one path (an update for an
// interface it could not resolve), continued with the next event without unlocking; the DPC manager's next call
// into the monitor then deadlocks on the mutex.
// Fix: unlock on every path (the update moved into a function with a deferred Unlock).
package bad

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
		m.Lock()
		if u.name == "" {
			continue // interface already gone: skip the event
		}
		m.ifIndexToName[u.ifIndex] = u.name
		m.Unlock()
	}
}

// GetInterfaceIndex is called by the DPC manager.
func (m *LinuxNetworkMonitor) GetInterfaceIndex(name string) int {
	m.Lock() // BLOCKS: mutex
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
