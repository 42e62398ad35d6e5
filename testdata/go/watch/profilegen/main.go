// profilegen records real goroutine profiles for the watch benchmark: it grows to -n goroutines parked in a
// service-like mix of stacks (request handlers blocked on channels and mutexes, worker pools, ticker loops, sleeping
// retriers, keep-alive-style readers, one leaking site) and writes, as it grows from 90 % to 100 % of -n, a series
// of -snapshots debug=0 profiles written by the Go runtime itself, plus the Prometheus text a client_golang /metrics
// would show. The benchmark's simulated targets serve these files in rotation, so a watched target changes between
// scrapes the way a slowly leaking service does.
//
//	profilegen -n 50000 -snapshots 5 -out bench/out/watch/profiles -name g50k
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	n         = flag.Int("n", 1000, "goroutines at the last snapshot")
	snapshots = flag.Int("snapshots", 5, "profiles written between 90 % and 100 % of -n")
	out       = flag.String("out", ".", "output directory")
	name      = flag.String("name", "g1k", "file name prefix")
)

var (
	never   = make(chan struct{})
	mu      sync.Mutex
	results = make(chan int)
)

// The shapes: each recursion depth of `nest` makes a distinct stack, as different call paths do in a service.
func nest(depth int, park func()) {
	if depth == 0 {
		park()
		return
	}
	nest(depth-1, park)
}

func handlerWaitingOnChannel() { <-never }
func handlerWaitingOnMutex()   { mu.Lock(); mu.Unlock() }
func workerPoolLoop() {
	for range never {
	}
}
func tickerLoop() {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-never:
			return
		}
	}
}
func retrier()   { time.Sleep(time.Hour) }
func leakySend() { results <- 1 }

// readerLoop waits in IO wait like a keep-alive connection; the write ends are kept so no reader sees EOF.
func readerLoop() {
	r, w, err := os.Pipe()
	if err != nil {
		return
	}
	pipes.Lock()
	pipes.w = append(pipes.w, w)
	pipes.Unlock()
	var buf [1]byte
	_, _ = r.Read(buf[:])
}

var pipes struct {
	sync.Mutex
	w []*os.File
}

type shape struct {
	park   func()
	weight int
	depths int
	// Request-path shapes carry a pprof label per route: debug=0 keeps one sample per stack and label set.
	routes int
}

var shapes = []shape{
	{handlerWaitingOnChannel, 30, 8, 20},
	{handlerWaitingOnMutex, 10, 4, 20},
	{workerPoolLoop, 20, 6, 1},
	{tickerLoop, 5, 4, 1},
	{retrier, 10, 4, 5},
	{leakySend, 20, 1, 20},
	{readerLoop, 5, 3, 1},
}

func spawn(count int, started *int) {
	total := 0
	for _, s := range shapes {
		total += s.weight
	}
	for i := 0; i < count; i++ {
		k := (*started + i) % total
		for _, s := range shapes {
			if k < s.weight {
				depth, park := (*started+i)%s.depths, s.park
				route := fmt.Sprintf("/api/v1/route%02d", (*started+i)/s.depths%s.routes)
				pprof.Do(context.Background(), pprof.Labels("route", route), func(context.Context) {
					go nest(depth, park)
				})
				break
			}
			k -= s.weight
		}
	}
	*started += count
}

func write(path string, f func(*os.File) error) {
	file, err := os.Create(path)
	if err == nil {
		err = f(file)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func metricsText() string {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return fmt.Sprintf("# TYPE go_goroutines gauge\ngo_goroutines %d\n# TYPE go_memstats_heap_alloc_bytes gauge\n"+
		"go_memstats_heap_alloc_bytes %d\n# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes %d\n"+
		"# TYPE go_memstats_next_gc_bytes gauge\ngo_memstats_next_gc_bytes %d\n# TYPE go_gc_duration_seconds summary\n"+
		"go_gc_duration_seconds_sum %g\ngo_gc_duration_seconds_count %d\n",
		runtime.NumGoroutine(), ms.HeapAlloc, ms.HeapInuse, ms.NextGC, float64(ms.PauseTotalNs)/1e9, ms.NumGC)
}

func main() {
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Held for the program's life: handlerWaitingOnMutex goroutines queue on it.
	mu.Lock()
	started := 0
	for s := 0; s < *snapshots; s++ {
		target := *n
		if *snapshots > 1 {
			target = *n * (90 + 10*s/(*snapshots-1)) / 100
		}
		spawn(target-started, &started)
		// Let every new goroutine reach its parking spot before the runtime writes the profile.
		for runtime.NumGoroutine() < target+1 {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
		write(filepath.Join(*out, fmt.Sprintf("%s.%d.pb.gz", *name, s)), func(f *os.File) error {
			return pprof.Lookup("goroutine").WriteTo(f, 0)
		})
	}
	write(filepath.Join(*out, *name+".metrics.txt"), func(f *os.File) error {
		_, err := f.WriteString(metricsText())
		return err
	})
	fmt.Printf("%s: %d goroutines, %d snapshots\n", *name, runtime.NumGoroutine(), *snapshots)
}
