// Kernel reduced from ovn-kubernetes/ovn-kubernetes PR #5027 "factory/handler: avoid deadlock on shutdown" (2025,
// hit in issue #4092). Shutdown locked every informer with `defer inf.Unlock()` inside the loop, so all informer
// locks were held at once until return. Informers live in a map, so two concurrent Shutdowns iterate in different
// orders and each ends up holding one lock while waiting for the other's.
// Fix: unlock each informer at the end of its iteration.
package bad

import (
	"sync"
	"time"
)

type informer struct {
	sync.Mutex
	handlers []string
	stopped  bool
}

type WatchFactory struct {
	informers map[string]*informer
}

func (wf *WatchFactory) Shutdown(order []string) {
	for _, kind := range order { // map iteration order in the original
		inf := wf.informers[kind]
		inf.Lock() // BLOCKS: mutex
		defer inf.Unlock()
		inf.handlers = nil
		inf.stopped = true
		time.Sleep(20 * time.Millisecond)
	}
}

func Run() {
	wf := &WatchFactory{informers: map[string]*informer{"pods": {}, "nodes": {}}}
	go wf.Shutdown([]string{"pods", "nodes"})
	wf.Shutdown([]string{"nodes", "pods"})
}
