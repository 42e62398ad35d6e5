// Kernel reduced from moby/moby PR #42545 (backported as moby/libnetwork PR #2679, "Fix deadlock between
// getSvcRecords and processEndpointDelete", fixes moby/moby#46661 and libnetwork#2649; 2021/2023).
//
//	g0: getSvcRecords locks the network, then the controller.
//	g1: processEndpointDelete locks the controller, then calls network.ID(), which locks the network.
//
// With container churn the two race and `docker run` hangs.
// Fix: getSvcRecords takes what it needs from the controller before it locks the network.
package bad

import (
	"sync"
	"time"
)

type controller struct {
	sync.Mutex
	svcRecords map[string][]string
}

type network struct {
	sync.Mutex
	id   string
	ctrl *controller
}

func (n *network) ID() string {
	n.Lock() // BLOCKS: mutex
	defer n.Unlock()
	return n.id
}

func (n *network) getSvcRecords() []string {
	n.Lock()
	defer n.Unlock()
	time.Sleep(20 * time.Millisecond)
	n.ctrl.Lock() // BLOCKS: mutex
	defer n.ctrl.Unlock()
	return n.ctrl.svcRecords[n.id]
}

func (c *controller) processEndpointDelete(n *network, name string) {
	c.Lock()
	defer c.Unlock()
	time.Sleep(20 * time.Millisecond)
	recs := c.svcRecords[n.ID()]
	for i, r := range recs {
		if r == name {
			c.svcRecords[n.id] = append(recs[:i], recs[i+1:]...)
			break
		}
	}
}

func Run() {
	c := &controller{svcRecords: map[string][]string{"net1": {"web", "db"}}}
	n := &network{id: "net1", ctrl: c}
	go c.processEndpointDelete(n, "web")
	_ = n.getSvcRecords()
}
