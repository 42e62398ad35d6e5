// Kernel reduced from clearcontainers/proxy PR #144 "ksm: Fix deadlock" (2017, fixes #143): "We need to release the
// lock before pushing data into the kick channel. If we push while holding the lock and the throttle loop is
// waiting for the KSM lock, we will deadlock."
package bad

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
			k.Lock() // BLOCKS: mutex
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
	defer k.Unlock()
	time.Sleep(20 * time.Millisecond) // the ticker fires meanwhile
	k.kickChannel <- true             // BLOCKS: chan-send
}

func Run() {
	k := &ksm{initialPagesToScan: 1000, kickChannel: make(chan bool), stop: make(chan struct{})}
	go k.throttle()
	k.kick()
	close(k.stop)
}
