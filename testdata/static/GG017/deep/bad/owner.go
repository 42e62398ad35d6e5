package bad

import "sync"

// A parent and a child that call each other under their locks. The child keeps its parent from the start (a
// reference to an older object), but the parent's reference to the child is set later, by Attach: calls go down
// the tree as well as up, and the two orders meet on one parent and one child.

type Notifier interface{ Note(s int) }

type Toucher interface{ Touch() }

type Parent struct {
	mu    sync.Mutex
	child Toucher
	total int
}

func (p *Parent) Attach(c Toucher) { p.child = c }

// Poke locks the parent, then (through Touch) the child.
func (p *Parent) Poke() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.child.Touch()
}

func (p *Parent) Note(s int) {
	p.mu.Lock() // want GG017
	p.total += s
	p.mu.Unlock()
}

type Child struct {
	mu     sync.Mutex
	parent Notifier
	state  int
}

func NewChild(parent Notifier) *Child { return &Child{parent: parent} }

func (c *Child) Touch() {
	c.mu.Lock() // want GG017
	c.state++
	c.mu.Unlock()
}

// Report locks the child, then (through Note) the parent: the opposite order.
func (c *Child) Report() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent.Note(c.state)
}

func NewFamily() (*Parent, *Child) {
	p := &Parent{}
	c := NewChild(p)
	p.Attach(c)
	return p, c
}
