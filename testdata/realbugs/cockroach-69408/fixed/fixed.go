// Fixed version of cockroachdb/cockroach PR #69408: the producer's notification is a buffered channel send, which
// the test receives whenever it gets there.
package fixed

import "time"

type blockingBuffer struct {
	quota      chan struct{}
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
		<-b.quota
	}
	b.events <- ev
}

func (b *blockingBuffer) Get() string {
	ev := <-b.events
	b.quota <- struct{}{}
	return ev
}

func Run() {
	waitCh := make(chan struct{}, 1)
	buf := newBlockingBuffer(2, func() {
		select {
		case waitCh <- struct{}{}:
		default:
		}
	})
	go func() {
		for _, ev := range []string{"a", "b", "c", "d"} {
			buf.Add(ev)
		}
	}()
	time.Sleep(10 * time.Millisecond)
	<-waitCh
	for i := 0; i < 4; i++ {
		_ = buf.Get()
	}
}
