// Fixed version of im7mortal/kmutex PR #5: each key has its own condition variable, so Unlock wakes a waiter for
// that key.
package fixed

import (
	"sync"
	"time"
)

type keyLock struct {
	c       *sync.Cond
	held    bool
	waiters int
}

type Kmutex struct {
	l sync.Mutex
	s map[string]*keyLock
}

func New() *Kmutex { return &Kmutex{s: map[string]*keyLock{}} }

func (km *Kmutex) Lock(key string) {
	km.l.Lock()
	defer km.l.Unlock()
	k := km.s[key]
	if k == nil {
		k = &keyLock{c: sync.NewCond(&km.l)}
		km.s[key] = k
	}
	for k.held {
		k.waiters++
		k.c.Wait()
		k.waiters--
	}
	k.held = true
}

func (km *Kmutex) Unlock(key string) {
	km.l.Lock()
	defer km.l.Unlock()
	k := km.s[key]
	k.held = false
	if k.waiters > 0 {
		k.c.Signal()
	} else {
		delete(km.s, key)
	}
}

func Run() {
	km := New()
	km.Lock("A")
	km.Lock("B")
	go func() { km.Lock("B"); km.Unlock("B") }()
	time.Sleep(5 * time.Millisecond)
	aDone := make(chan struct{})
	go func() { km.Lock("A"); km.Unlock("A"); close(aDone) }()
	time.Sleep(5 * time.Millisecond)
	km.Unlock("A")
	<-aDone
	km.Unlock("B")
}
