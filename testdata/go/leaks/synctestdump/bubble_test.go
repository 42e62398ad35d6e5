//go:build go1.25

// go.mod says go 1.20, which selects the pre-1.23 timer channels; synctest needs the new ones.

//go:debug asynctimerchan=0

package synctestdump

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

type batcher struct {
	in    chan int
	flush chan chan []int
}

func (b *batcher) run() {
	var buf []int
	for {
		select {
		case v, ok := <-b.in:
			if !ok {
				return
			}
			buf = append(buf, v)
		case reply := <-b.flush:
			reply <- buf
			buf = nil
		}
	}
}

func allStacks() []byte {
	buf := make([]byte, 1<<20)
	return buf[:runtime.Stack(buf, true)]
}

// TestBubbleDump writes runtime.Stack(all) while bubble goroutines are durably blocked: their
// headers carry "(durable)" and ", synctest bubble N".
func TestBubbleDump(t *testing.T) {
	out := os.Getenv("GG_SYNCTEST_DUMP")
	if out == "" {
		t.Skip("set GG_SYNCTEST_DUMP=<file> to write the bubble dump")
	}
	synctest.Test(t, func(t *testing.T) {
		b := &batcher{in: make(chan int), flush: make(chan chan []int)}
		go b.run()
		var mu sync.Mutex
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); time.Sleep(time.Hour) }()
		go func() { wg.Wait() }()
		cond := sync.NewCond(&mu)
		go func() { mu.Lock(); cond.Wait(); mu.Unlock() }()
		b.in <- 1
		synctest.Wait()
		if err := os.WriteFile(out, allStacks(), 0o644); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Hour) // fake time: ends the sleeper, releases wg
		mu.Lock()
		cond.Broadcast()
		mu.Unlock()
		synctest.Wait()
		reply := make(chan []int)
		b.flush <- reply
		<-reply
		close(b.in) // ends b.run: a bubble must be empty when its function returns
	})
}

// TestBubbleDeadlock ends its bubble while a goroutine is still durably blocked; synctest panics
// with the blocked goroutines' stacks — a real "leaked in a bubble" crash dump.
func TestBubbleDeadlock(t *testing.T) {
	if os.Getenv("GG_SYNCTEST_DEADLOCK") == "" {
		t.Skip("set GG_SYNCTEST_DEADLOCK=1 to run the failing bubble")
	}
	synctest.Test(t, func(t *testing.T) {
		results := make(chan int)
		for i := 0; i < 3; i++ {
			go func(i int) { results <- i }(i)
		}
		<-results // first result wins; two senders stay blocked in the bubble
	})
}
