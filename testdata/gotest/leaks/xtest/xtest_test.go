package xtest_test

import (
	"testing"

	"example.com/gg/leaks/xtest"
)

func TestExternalClean(t *testing.T) {}

func TestExternalLeak(t *testing.T) {
	xtest.Poll(make(chan int), make(chan error))
}
