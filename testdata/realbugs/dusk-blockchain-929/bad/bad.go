// Kernel reduced from dusk-network/dusk-blockchain#929 "Fix observed deadlock on devnet" (2021). The chain mutex
// is never released when acceptConsensusResults returns early on an error, so every later goroutine that needs
// the chain (block queries, the consensus loop) waits on the mutex forever.
// Fix: unlock with defer so every return path releases the mutex.
package bad

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
	if !ok {
		return errInvalidCert
	}
	c.tip = candidate
	c.height++
	c.mu.Unlock()
	return nil
}

func (c *Chain) Tip() string {
	c.mu.Lock() // BLOCKS: mutex
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
