// Kernel reduced from hashicorp/nomad PR #6082 "vault: fix deadlock in SetConfig" (2019). SetConfig calls
// tomb.Kill + tomb.Wait while holding v.lock; establishConnection (the goroutine the tomb tracks) must acquire
// v.lock before it can exit, so tomb.Wait never returns:
//
//	SetConfig -> tomb.Wait -> establishConnection -> v.lock -> SetConfig
//
// Fix: release v.lock before waiting on the tomb.
package bad

import (
	"sync"
	"time"
)

// tomb tracks one goroutine's lifetime (gopkg.in/tomb.v2 reduced to what the bug needs).
type tomb struct {
	dying, dead chan struct{}
	once        sync.Once
}

func newTomb() *tomb { return &tomb{dying: make(chan struct{}), dead: make(chan struct{})} }

func (t *tomb) Go(f func()) {
	go func() {
		f()
		close(t.dead)
	}()
}
func (t *tomb) Kill()                  { t.once.Do(func() { close(t.dying) }) }
func (t *tomb) Dying() <-chan struct{} { return t.dying }
func (t *tomb) Wait()                  { <-t.dead } // BLOCKS: chan-recv

type vaultClient struct {
	lock      sync.Mutex
	config    string
	connected bool
	tomb      *tomb
}

func (v *vaultClient) establishConnection() {
	ticker := time.NewTicker(2 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-v.tomb.Dying():
			return
		case <-ticker.C:
			v.lock.Lock()       // BLOCKS: mutex
			v.connected = false // retry the connection
			v.lock.Unlock()
		}
	}
}

func (v *vaultClient) SetConfig(config string) {
	v.lock.Lock()
	defer v.lock.Unlock()
	time.Sleep(10 * time.Millisecond) // the retry ticker fires meanwhile
	v.tomb.Kill()
	v.tomb.Wait()
	v.config = config
	v.tomb = newTomb()
}

func Run() {
	v := &vaultClient{tomb: newTomb()}
	v.tomb.Go(v.establishConnection)
	v.SetConfig("address=https://127.0.0.1:8200")
	v.tomb.Kill()
}
