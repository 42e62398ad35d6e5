// Fixed version of moby/moby PR #42545: the controller is never locked while the network lock is held.
package fixed

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
	n.Lock()
	defer n.Unlock()
	return n.id
}

func (n *network) getSvcRecords() []string {
	id := n.ID()
	time.Sleep(20 * time.Millisecond)
	n.ctrl.Lock()
	defer n.ctrl.Unlock()
	return n.ctrl.svcRecords[id]
}

func (c *controller) processEndpointDelete(n *network, name string) {
	c.Lock()
	defer c.Unlock()
	time.Sleep(20 * time.Millisecond)
	id := n.ID()
	recs := c.svcRecords[id]
	for i, r := range recs {
		if r == name {
			c.svcRecords[id] = append(recs[:i], recs[i+1:]...)
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
