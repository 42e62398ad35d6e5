// Fixed version of chengshiwen/influxdb-cluster PR #44: the done channel is cleared after the goroutines exit.
package fixed

import (
	"sync"
	"time"
)

type NodeProcessor struct {
	mu    sync.RWMutex
	done  chan struct{}
	reqs  chan string
	wg    sync.WaitGroup
	count int
}

func (n *NodeProcessor) doneCh() chan struct{} {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.done
}

func (n *NodeProcessor) run() {
	defer n.wg.Done()
	for {
		time.Sleep(10 * time.Millisecond) // writing the previous batch to the shard
		select {
		case <-n.doneCh():
			return
		case r := <-n.reqs:
			n.count += len(r)
		}
	}
}

func (n *NodeProcessor) Open() {
	n.done = make(chan struct{})
	n.wg.Add(1)
	go n.run()
}

func (n *NodeProcessor) Close() {
	n.mu.Lock()
	close(n.done)
	n.mu.Unlock()
	n.wg.Wait()
	n.mu.Lock()
	n.done = nil
	n.mu.Unlock()
}

func Run() {
	n := &NodeProcessor{reqs: make(chan string)}
	n.Open()
	n.Close()
}
