// Fixed version of nats-io/nats-server PR #6460: the consumer does not hold o.mu while it takes the JetStream lock.
package fixed

import (
	"sync"
	"time"
)

type jetStream struct {
	mu        sync.RWMutex
	consumers []*consumer
	leader    bool
}

type consumer struct {
	mu      sync.Mutex
	js      *jetStream
	name    string
	pending int
}

func (js *jetStream) isLeader() bool {
	js.mu.RLock()
	defer js.mu.RUnlock()
	return js.leader
}

func (js *jetStream) processClusterUpdate() {
	js.mu.Lock()
	defer js.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	for _, o := range js.consumers {
		o.mu.Lock()
		o.pending = 0
		o.mu.Unlock()
	}
}

func (o *consumer) checkStateForInterestStream() {
	o.mu.Lock()
	js := o.js
	time.Sleep(20 * time.Millisecond)
	o.mu.Unlock()
	if js.isLeader() {
		o.mu.Lock()
		o.pending++
		o.mu.Unlock()
	}
}

func Run() {
	js := &jetStream{leader: true}
	o := &consumer{js: js, name: "ORDERS-worker"}
	js.consumers = append(js.consumers, o)
	go js.processClusterUpdate()
	o.checkStateForInterestStream()
}
