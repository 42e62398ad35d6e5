// Kernel reduced from nats-io/nats-server PR #6460 "[FIXED] Consumer/JS deadlock" (2025): "Lock ordering was
// violated resulting in a deadlock. Must not hold consumer lock while trying to grab JS lock." The JetStream
// side walks its consumers with js.mu held and locks each consumer; a consumer path held o.mu and then asked
// JetStream for cluster state, taking js.mu.
// Fix: read what is needed from the consumer, release o.mu, then take js.mu.
package bad

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
	js.mu.RLock() // BLOCKS: rwmutex
	defer js.mu.RUnlock()
	return js.leader
}

// processClusterUpdate runs with the JetStream lock and visits every consumer.
func (js *jetStream) processClusterUpdate() {
	js.mu.Lock()
	defer js.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	for _, o := range js.consumers {
		o.mu.Lock() // BLOCKS: mutex
		o.pending = 0
		o.mu.Unlock()
	}
}

func (o *consumer) checkStateForInterestStream() {
	o.mu.Lock()
	defer o.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	if o.js.isLeader() {
		o.pending++
	}
}

func Run() {
	js := &jetStream{leader: true}
	o := &consumer{js: js, name: "ORDERS-worker"}
	js.consumers = append(js.consumers, o)
	go js.processClusterUpdate()
	o.checkStateForInterestStream()
}
