// Kernel reduced from tailscale/tailscale PR #2865 "ipnlocal: fix sync.Cond-related test flakiness" (2021), which
// reverts "ipn/ipnlocal: remove locks around sync.Cond.Broadcast call". requestEngineStatusAndWait holds
// statusLock, starts the engine's status request in a goroutine and Waits on statusChanged. The status callback
// broadcast without taking statusLock, so it could run after the `go` and before Wait registered the waiter;
// the broadcast is lost and Wait never returns.
// Fix: broadcast with statusLock held (LocalBackend.broadcastStatusChanged).
package bad

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
	b.statusChanged.Broadcast()
}

// requestEngineStatusAndWait does not return until the status was delivered.
func (b *LocalBackend) requestEngineStatusAndWait() {
	b.statusLock.Lock()
	go b.e.RequestStatus()
	time.Sleep(10 * time.Millisecond) // the engine answers before we wait
	b.statusChanged.Wait()            // BLOCKS: cond
	b.statusLock.Unlock()
}

func Run() {
	b := NewLocalBackend()
	b.requestEngineStatusAndWait()
}
