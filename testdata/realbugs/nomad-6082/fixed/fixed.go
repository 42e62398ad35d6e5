// Fixed version of hashicorp/nomad PR #6082: the connection goroutine is stopped and waited for without v.lock held.
package fixed

import (
	"sync"
	"time"
)

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
func (t *tomb) Wait()                  { <-t.dead }

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
		case <-v.currentTomb().Dying():
			return
		case <-ticker.C:
			v.lock.Lock()
			v.connected = false
			v.lock.Unlock()
		}
	}
}

func (v *vaultClient) currentTomb() *tomb {
	v.lock.Lock()
	defer v.lock.Unlock()
	return v.tomb
}

func (v *vaultClient) SetConfig(config string) {
	v.lock.Lock()
	old := v.tomb
	time.Sleep(10 * time.Millisecond)
	v.lock.Unlock()
	old.Kill()
	old.Wait()
	v.lock.Lock()
	v.config = config
	v.tomb = newTomb()
	v.lock.Unlock()
}

func Run() {
	v := &vaultClient{tomb: newTomb()}
	v.tomb.Go(v.establishConnection)
	v.SetConfig("address=https://127.0.0.1:8200")
	v.currentTomb().Kill()
}
