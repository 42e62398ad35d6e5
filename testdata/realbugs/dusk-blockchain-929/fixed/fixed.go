// Fixed version of dusk-network/dusk-blockchain#929: the mutex is released on every return path.
package fixed

import (
	"errors"
	"sync"
)

type Chain struct {
	mu     sync.Mutex
	height uint64
	tip    string
}

var errInvalidCert = errors.New("invalid certificate")

func (c *Chain) acceptConsensusResults(candidate string, ok bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		return errInvalidCert
	}
	c.tip = candidate
	c.height++
	return nil
}

func (c *Chain) Tip() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tip
}

func Run() {
	c := &Chain{}
	done := make(chan struct{})
	go func() {
		_ = c.acceptConsensusResults("block-1", false)
		close(done)
	}()
	<-done
	_ = c.Tip()
}
