// Package variants is context's cancelCtx reduced: cancelling a node cancels its children, each under its
// parent's lock — one order, parent before child. Loaded with its test file, the package and its test variant are
// two instances of one path that never run in one process: a dynamic call (`child.cancel()`) must not reach from
// one into the other, or parent-before-child in each would read as a cycle between the two instances' locks.
package variants

import (
	"sync"

	"example.com/ggtestdata/GG017/deep/good/variants/reg"
)

type canceler interface{ cancel() }

type Node struct {
	mu       sync.Mutex
	done     bool
	children []canceler
}

func (n *Node) cancel() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		return
	}
	n.done = true
	for _, c := range n.children {
		c.cancel()
	}
}

func (n *Node) attach(child canceler) {
	reg.Keep(child)
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		child.cancel()
		return
	}
	n.children = append(n.children, child)
}

// NewChild is a node cancelled with parent.
func NewChild(parent *Node) *Node {
	c := &Node{}
	parent.attach(c)
	return c
}

// Cancel cancels n and its subtree.
func (n *Node) Cancel() { n.cancel() }
