// Fixed version of ovn-kubernetes/ovn-kubernetes PR #5027: each informer is unlocked before the next is locked.
package fixed

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
	for _, kind := range order {
		inf := wf.informers[kind]
		inf.Lock()
		inf.handlers = nil
		inf.stopped = true
		time.Sleep(20 * time.Millisecond)
		inf.Unlock()
	}
}

func Run() {
	wf := &WatchFactory{informers: map[string]*informer{"pods": {}, "nodes": {}}}
	go wf.Shutdown([]string{"pods", "nodes"})
	wf.Shutdown([]string{"nodes", "pods"})
}
