// Kernel reduced from cockroachdb/cockroach PR #69408 "changefeedccl: replace sync.Cond with channel in
// TestBlockingBuffer" (2021, potentially fixes #69373). The producer signals a sync.Cond from the buffer's
// notifyWait callback when its allocation blocks; the test goroutine calls Wait afterwards. Signal only wakes
// current waiters, so when it comes first the test waits forever — and the producer stays blocked because the
// consumer only starts after the Wait returns.
// Fix: a channel replaces the Cond, so a notification sent before the wait is not lost.
package bad

import (
	"sync"
	"time"
)

type blockingBuffer struct {
	quota      chan struct{} // one token per free slot
	events     chan string
	notifyWait func()
}

func newBlockingBuffer(slots int, notifyWait func()) *blockingBuffer {
	b := &blockingBuffer{quota: make(chan struct{}, slots), events: make(chan string, slots+1), notifyWait: notifyWait}
	for i := 0; i < slots; i++ {
		b.quota <- struct{}{}
	}
	return b
}

func (b *blockingBuffer) Add(ev string) {
	select {
	case <-b.quota:
	default:
		b.notifyWait()
		<-b.quota // BLOCKS: chan-recv
	}
	b.events <- ev
}

func (b *blockingBuffer) Get() string {
	ev := <-b.events
	b.quota <- struct{}{}
	return ev
}

func Run() {
	var mu sync.Mutex
	waitCond := sync.NewCond(&mu)
	buf := newBlockingBuffer(2, func() {
		mu.Lock()
		waitCond.Signal()
		mu.Unlock()
	})
	go func() {
		for _, ev := range []string{"a", "b", "c", "d"} {
			buf.Add(ev)
		}
	}()
	time.Sleep(10 * time.Millisecond) // the producer fills the buffer and signals before the test waits
	mu.Lock()
	waitCond.Wait() // BLOCKS: cond
	mu.Unlock()
	for i := 0; i < 4; i++ {
		_ = buf.Get()
	}
}
