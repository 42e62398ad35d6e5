// Package failing: go test's own failure must pass through unchanged, with the leak reported after it.
package failing

import "testing"

func TestFails(t *testing.T) {
	t.Fatal("this test fails on purpose")
}

func TestLeaksToo(t *testing.T) {
	go func() { select {} }()
}
