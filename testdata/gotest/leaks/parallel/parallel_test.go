// Package parallel runs four parallel tests through one shared helper; only TestParallelC leaks, so blame by
// leak site alone would be ambiguous and blame by "which test was running" would be wrong.
package parallel

import (
	"sync"
	"testing"
	"time"
)

// fanOut runs f in a goroutine and waits for it unless leak is set, in which case the goroutine stays blocked.
func fanOut(leak bool) {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-stop
	}()
	if leak {
		return
	}
	close(stop)
	wg.Wait()
}

func run(t *testing.T, leak bool) {
	t.Parallel()
	for i := 0; i < 3; i++ {
		fanOut(false)
		time.Sleep(5 * time.Millisecond)
	}
	fanOut(leak)
	time.Sleep(20 * time.Millisecond)
}

func TestParallelA(t *testing.T) { run(t, false) }
func TestParallelB(t *testing.T) { run(t, false) }
func TestParallelC(t *testing.T) { run(t, true) }
func TestParallelD(t *testing.T) { run(t, false) }
