package variants

import "testing"

func TestCancelTree(t *testing.T) {
	root := &Node{}
	child := NewChild(root)
	grandchild := NewChild(child)
	root.Cancel()
	if !grandchild.done {
		t.Fatal("grandchild not cancelled")
	}
	late := NewChild(root)
	if !late.done {
		t.Fatal("child of a cancelled node not cancelled")
	}
}
