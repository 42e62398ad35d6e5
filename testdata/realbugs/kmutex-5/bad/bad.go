// Kernel reduced from im7mortal/kmutex PR #5 "Fix use of Cond.Signal to avoid deadlock" (2021). All keys share
// one sync.Cond, and Unlock(key) calls Signal, which wakes one arbitrary waiter — possibly one waiting for a
// different key, which goes back to sleep, while the waiter for the released key is never woken.
//
//	X holds "A" and "B"; GB waits for "B"; GA waits for "A"; X unlocks "A" and Signal wakes GB.
//
// X then waits for GA's work before releasing "B": nobody moves again.
// Fix: one condition variable per key.
package bad

import (
	"sync"
	"time"
)

type Kmutex struct {
	c *sync.Cond
	l sync.Mutex
	s map[string]struct{}
}

func New() *Kmutex {
	km := &Kmutex{s: map[string]struct{}{}}
	km.c = sync.NewCond(&km.l)
	return km
}

func (km *Kmutex) Lock(key string) {
	km.l.Lock()
	defer km.l.Unlock()
	for {
		if _, held := km.s[key]; !held {
			break
		}
		km.c.Wait() // BLOCKS: cond
	}
	km.s[key] = struct{}{}
}

func (km *Kmutex) Unlock(key string) {
	km.l.Lock()
	defer km.l.Unlock()
	delete(km.s, key)
	km.c.Signal()
}

func Run() {
	km := New()
	km.Lock("A")
	km.Lock("B")
	go func() { km.Lock("B"); km.Unlock("B") }() // GB waits first
	time.Sleep(5 * time.Millisecond)
	aDone := make(chan struct{})
	go func() { km.Lock("A"); km.Unlock("A"); close(aDone) }() // GA
	time.Sleep(5 * time.Millisecond)
	km.Unlock("A")
	<-aDone // BLOCKS: chan-recv
	km.Unlock("B")
}
