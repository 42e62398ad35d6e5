// Fixed version of syncthing/syncthing PR #7107: fmut is read-locked before pmut, the documented order.
package fixed

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

// generateClusterConfig requires fmut to be read-locked.
func (m *model) generateClusterConfig(device string) string {
	return device + ":" + m.folderCfgs["default"]
}

func (m *model) resendClusterConfig(devices []string) {
	m.fmut.RLock()
	defer m.fmut.RUnlock()
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
	m.pmut.Lock()
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
