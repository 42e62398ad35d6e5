// Kernel reduced from chengshiwen/influxdb-cluster PR #44 "BUGFIX: Close chan before wg.Wait cause close-event
// missing in NodeProcessor" (2024; fixed upstream in commit 66582d7, after influxdata/influxdb 83ecab6). A previous
// change made NodeProcessor.Close set the done channel to nil before waiting for its goroutines; a goroutine that
// reloads the field afterwards selects on a nil channel, which never fires, so it blocks forever and Close's
// wg.Wait with it.
// Fix: clear the channel only after wg.Wait.
package bad

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
		select {                          // BLOCKS: select
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
	n.done = nil
	n.mu.Unlock()
	n.wg.Wait() // BLOCKS: waitgroup
}

func Run() {
	n := &NodeProcessor{reqs: make(chan string)}
	n.Open()
	n.Close()
}
