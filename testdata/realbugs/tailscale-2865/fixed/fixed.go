// Fixed version of tailscale/tailscale PR #2865: the broadcast takes statusLock, so it cannot slip in before Wait.
package fixed

import (
	"sync"
	"time"
)

type engine struct {
	cb func(status string)
}

func (e *engine) RequestStatus() { e.cb("Running") }

type LocalBackend struct {
	e             *engine
	statusLock    sync.Mutex
	statusChanged *sync.Cond
	mu            sync.Mutex
	engineStatus  string
}

func NewLocalBackend() *LocalBackend {
	b := &LocalBackend{}
	b.statusChanged = sync.NewCond(&b.statusLock)
	b.e = &engine{cb: b.setWgengineStatus}
	return b
}

func (b *LocalBackend) setWgengineStatus(s string) {
	b.mu.Lock()
	b.engineStatus = s
	b.mu.Unlock()
	b.broadcastStatusChanged()
}

// requestEngineStatusAndWait does not return until the status was delivered.
func (b *LocalBackend) requestEngineStatusAndWait() {
	b.statusLock.Lock()
	go b.e.RequestStatus()
	time.Sleep(10 * time.Millisecond) // the engine answers before we wait
	b.statusChanged.Wait()
	b.statusLock.Unlock()
}

func Run() {
	b := NewLocalBackend()
	b.requestEngineStatusAndWait()
}

func (b *LocalBackend) broadcastStatusChanged() {
	b.statusLock.Lock()
	b.statusChanged.Broadcast()
	b.statusLock.Unlock()
}
