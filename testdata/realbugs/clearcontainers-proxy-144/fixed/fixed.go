// Fixed version of clearcontainers/proxy PR #144: the lock is released before the push into the kick channel.
package fixed

import (
	"sync"
	"time"
)

type ksm struct {
	sync.Mutex
	initialPagesToScan int
	pagesToScan        int
	kickChannel        chan bool
	stop               chan struct{}
}

// throttle is the KSM throttling loop.
func (k *ksm) throttle() {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-k.kickChannel:
			k.pagesToScan = k.initialPagesToScan
		case <-tick.C:
			k.Lock()
			k.pagesToScan /= 2
			k.Unlock()
		case <-k.stop:
			return
		}
	}
}

// kick asks the throttling loop to scan at full speed again (a new VM started).
func (k *ksm) kick() {
	k.Lock()
	time.Sleep(20 * time.Millisecond) // the ticker fires meanwhile
	k.Unlock()
	k.kickChannel <- true
}

func Run() {
	k := &ksm{initialPagesToScan: 1000, kickChannel: make(chan bool), stop: make(chan struct{})}
	go k.throttle()
	k.kick()
	close(k.stop)
}
