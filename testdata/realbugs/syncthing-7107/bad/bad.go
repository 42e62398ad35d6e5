// Kernel reduced from syncthing/syncthing PR #7107 "lib/model: Fix locking when resending cluster-configs"
// (2020). The model's documented order is fmut before pmut. Resending cluster configs held pmut (to walk the
// connections) and then read-locked fmut to build each config; removeFolder holds fmut for writing and then takes
// pmut. Run together, each waits for the other's lock.
// Fix: take fmut (read) before pmut when resending.
package bad

import (
	"sync"
	"time"
)

type model struct {
	fmut          sync.RWMutex // protects folders; must be taken before pmut
	folderCfgs    map[string]string
	pmut          sync.RWMutex // protects connections
	conns         map[string]chan string
	deviceFolders map[string][]string
}

func (m *model) generateClusterConfig(device string) string {
	m.fmut.RLock() // BLOCKS: rwmutex
	defer m.fmut.RUnlock()
	return device + ":" + m.folderCfgs["default"]
}

func (m *model) resendClusterConfig(devices []string) {
	m.pmut.RLock()
	defer m.pmut.RUnlock()
	time.Sleep(20 * time.Millisecond)
	for _, d := range devices {
		if conn, ok := m.conns[d]; ok {
			cc := m.generateClusterConfig(d)
			select {
			case conn <- cc:
			default:
			}
		}
	}
}

func (m *model) removeFolder(folder string) {
	m.fmut.Lock()
	defer m.fmut.Unlock()
	delete(m.folderCfgs, folder)
	time.Sleep(20 * time.Millisecond)
	m.pmut.Lock() // BLOCKS: rwmutex
	for d, fs := range m.deviceFolders {
		m.deviceFolders[d] = fs[:0]
	}
	m.pmut.Unlock()
}

func Run() {
	m := &model{
		folderCfgs:    map[string]string{"default": "~/Sync"},
		conns:         map[string]chan string{"DEV1": make(chan string, 1)},
		deviceFolders: map[string][]string{"DEV1": {"default"}},
	}
	go m.removeFolder("default")
	m.resendClusterConfig([]string{"DEV1"})
}
