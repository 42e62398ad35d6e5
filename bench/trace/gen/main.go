// Command tracegen writes a large execution trace for bench/trace/run.sh: a churn of short-lived goroutines
// (create, block on a channel, get woken, exit), a slowly growing leak (one goroutine a millisecond blocked on a
// send forever) and mutex contention, until the trace file reaches -mb megabytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	mb := flag.Int("mb", 200, "stop when the trace reaches this many MB")
	out := flag.String("o", "big.trace", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stop := make(chan struct{})
	go leak(stop)
	var mu sync.Mutex
	shared := 0
	for round := 0; ; round++ {
		var wg sync.WaitGroup
		for i := 0; i < 200; i++ {
			wg.Add(1)
			ch := make(chan int)
			go func() {
				defer wg.Done()
				v := <-ch
				mu.Lock()
				shared += v
				mu.Unlock()
			}()
			go func() { ch <- i }()
		}
		wg.Wait()
		if round%50 == 0 {
			if st, err := f.Stat(); err == nil && st.Size() >= int64(*mb)<<20 {
				break
			}
		}
	}
	close(stop)
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// leak starts one goroutine a millisecond that blocks forever on a send nobody receives.
func leak(stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			go func() {
				ch := make(chan int)
				ch <- 1
			}()
		}
	}
}
