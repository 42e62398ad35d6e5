package good

import "sync"

// A tree of balancers (the shape of grpc-go's weightedtarget aggregator and balancer group): each level's
// Aggregator reports to its parent ClientConn under its lock, and each Wrapper of a group reports to the group's
// Aggregator under its lock. By declaration the two orders are inverse (Aggregator.mu → Wrapper.mu through
// `a.cc`, Wrapper.mu → Aggregator.mu through `w.group.agg`), but every one of those fields is set when its
// struct is made, to an object made before it: the calls only climb the tree (leaf wrapper, its aggregator, the
// parent's wrapper, the parent's aggregator, the channel), so the locks are always taken in one order.

// ClientConn receives a balancer's state: the channel at the root, a parent group's Wrapper below it.
type ClientConn interface{ UpdateState(s int) }

// StateAggregator receives the states of a group's children.
type StateAggregator interface{ UpdateState(id string, s int) }

type Wrapper struct {
	mu    sync.Mutex
	group *Group
	id    string
	state int
}

func (w *Wrapper) UpdateState(s int) {
	w.mu.Lock()
	w.state = s
	w.group.updateState(w.id, s)
	w.mu.Unlock()
}

type Group struct {
	agg      StateAggregator
	wrappers map[string]*Wrapper
}

func NewGroup(agg StateAggregator) *Group {
	return &Group{agg: agg, wrappers: map[string]*Wrapper{}}
}

// Add makes the wrapper a child balancer reports to.
func (g *Group) Add(id string) *Wrapper {
	w := &Wrapper{group: g, id: id}
	g.wrappers[id] = w
	return w
}

func (g *Group) updateState(id string, s int) { g.agg.UpdateState(id, s) }

// Channel is the root ClientConn.
type Channel struct {
	mu    sync.Mutex
	state int
}

func (c *Channel) UpdateState(s int) {
	c.mu.Lock()
	c.state = s
	c.mu.Unlock()
}

type Aggregator struct {
	mu     sync.Mutex
	cc     ClientConn
	states map[string]int
	paused bool
}

func NewAggregator(cc ClientConn) *Aggregator {
	return &Aggregator{cc: cc, states: map[string]int{}}
}

func (a *Aggregator) sum() int {
	n := 0
	for _, s := range a.states {
		n += s
	}
	return n
}

// UpdateState records a child's state and reports the total to the parent, under the aggregator's lock.
func (a *Aggregator) UpdateState(id string, s int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.states[id] = s
	if !a.paused {
		a.cc.UpdateState(a.sum())
	}
}

// Resume reports the total to the parent again, under the aggregator's lock.
func (a *Aggregator) Resume() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.paused = false
	a.cc.UpdateState(a.sum())
}

// NewTree builds channel ← aggregator ← group ← wrapper ← child aggregator ← child group ← leaf wrapper and
// returns the leaf wrapper and the child aggregator.
func NewTree() (*Wrapper, *Aggregator) {
	root := NewAggregator(&Channel{})
	parent := NewGroup(root).Add("child")
	child := NewAggregator(parent)
	return NewGroup(child).Add("leaf"), child
}
