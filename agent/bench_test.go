package guard

// Overhead benchmarks (run by hand, see bench/RESULTS.md "Go agent overhead"):
//
//	cd agent && go test -run '^$' -bench . -benchtime 2s
//
// Each reports its cost per operation and, as cpu-%-at-defaults, the share of one core that operation costs at
// the default schedule (count every 5 s, profile every 30 s, goroutineleak check every 5 min).

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"testing"
	"time"
)

// parkGoroutines parks n goroutines in a mix of waits like a busy service (mostly chan receive and select, some
// IO-free sleeps and mutex waits) and returns the function that releases them.
func parkGoroutines(n int) func() {
	stop := make(chan struct{})
	var mu sync.Mutex
	mu.Lock()
	var started sync.WaitGroup
	started.Add(n)
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0, 1:
			go func() { started.Done(); <-stop }()
		case 2:
			go func() {
				started.Done()
				select {
				case <-stop:
				case <-time.After(time.Hour):
				}
			}()
		default:
			//lint:ignore SA2001 the empty critical section parks on the held mutex
			go func() { started.Done(); mu.Lock(); mu.Unlock() }()
		}
	}
	started.Wait()
	time.Sleep(10 * time.Millisecond) // let the mutex waiters stop spinning and park
	return func() { close(stop); mu.Unlock() }
}

func benchGuard(b *testing.B, cfg Config) *Guard {
	b.Helper()
	cfg.Interval = time.Hour // the loop never ticks: the benchmark drives the work
	cfg.DumpDir = b.TempDir()
	g, err := Start(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(g.Stop)
	return g
}

// reportShare reports the share of one core that ops taking elapsed in total cost when one runs every `every`.
func reportShare(b *testing.B, elapsed, every time.Duration) {
	perOp := float64(elapsed.Nanoseconds()) / float64(b.N)
	b.ReportMetric(100*perOp/float64(every.Nanoseconds()), "cpu-%-at-defaults")
}

// BenchmarkCountSample is the every-5-seconds path: runtime/metrics read, growth, healing decision.
func BenchmarkCountSample(b *testing.B) {
	g := benchGuard(b, Config{ProfileInterval: -1, LeakCheckInterval: -1})
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	started := time.Now()
	for i := 0; i < b.N; i++ {
		now = now.Add(defaultInterval)
		g.sample(now)
	}
	elapsed := time.Since(started)
	b.StopTimer()
	reportShare(b, elapsed, defaultInterval)
}

// BenchmarkProfileSnapshot is the every-30-seconds path in both modes: exact (runtime.Stack(all) text, the world
// stopped meanwhile; the default up to 500 goroutines) and inferred (runtime.GoroutineProfile, concurrent; the
// default above). pause-ms/op is the stop-the-world time the runtime itself reports (Go 1.22+);
// capacity-%-at-defaults counts that pause on every P.
func BenchmarkProfileSnapshot(b *testing.B) {
	for _, mode := range []string{modeExact, modeInferred} {
		for _, n := range []int{100, 1000, 10000, 100000} {
			if mode == modeExact && n > 10000 {
				continue // a 100k-goroutine stop-the-world dump is what the inferred mode exists to avoid
			}
			mode, n := mode, n
			b.Run(fmt.Sprintf("mode=%s/parked=%d", mode, n), func(b *testing.B) {
				release := parkGoroutines(n)
				defer release()
				cfg := Config{ProfileInterval: -1, LeakCheckInterval: -1, ExactProfileMax: -1}
				if mode == modeExact {
					cfg.ExactProfileMax = 1 << 30
				}
				g := benchGuard(b, cfg)
				g.cfg.ProfileInterval = defaultProfileInterval
				now := time.Now()
				pause0 := stopTheWorldSeconds()
				b.ReportAllocs()
				b.ResetTimer()
				started := time.Now()
				for i := 0; i < b.N; i++ {
					now = now.Add(defaultProfileInterval)
					g.profile(now, runtime.NumGoroutine())
				}
				elapsed := time.Since(started)
				b.StopTimer()
				if p := g.Status().Profile; p.Mode != mode || p.Goroutines < n {
					b.Fatalf("snapshot %s saw %d goroutines, want %s >= %d", p.Mode, p.Goroutines, mode, n)
				}
				reportShare(b, elapsed, defaultProfileInterval)
				// What the Guard really spends: ProfileBudget spaces expensive profiles further apart.
				perOp := float64(elapsed.Nanoseconds()) / float64(b.N)
				cost := perOp
				if mode == modeExact {
					cost *= float64(runtime.GOMAXPROCS(0))
				}
				gap := math.Max(float64(defaultProfileInterval.Nanoseconds()), cost/defaultProfileBudget)
				b.ReportMetric(100*perOp/gap, "cpu-%-with-budget")
				b.ReportMetric(gap/1e9, "interval-s")
				if pause := stopTheWorldSeconds() - pause0; pause0 >= 0 {
					perOp := pause / float64(b.N)
					b.ReportMetric(perOp*1e3, "pause-ms/op")
					b.ReportMetric(100*perOp*float64(runtime.GOMAXPROCS(0))/defaultProfileInterval.Seconds(),
						"capacity-%-at-defaults")
				}
			})
		}
	}
}

// BenchmarkPprofScrapePeer is the peer in the same run: what one scrape of /debug/pprof/goroutine costs the
// scraped process (what a remote watcher does instead of the in-process Guard), in text forms debug=2 and debug=1.
func BenchmarkPprofScrapePeer(b *testing.B) {
	for _, debug := range []int{2, 1} {
		for _, n := range []int{1000, 10000} {
			debug, n := debug, n
			b.Run(fmt.Sprintf("debug=%d/parked=%d", debug, n), func(b *testing.B) {
				release := parkGoroutines(n)
				defer release()
				pause0 := stopTheWorldSeconds()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := pprof.Lookup("goroutine").WriteTo(io.Discard, debug); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if pause := stopTheWorldSeconds() - pause0; pause0 >= 0 {
					b.ReportMetric(pause/float64(b.N)*1e3, "pause-ms/op")
				}
			})
		}
	}
}

// stopTheWorldSeconds sums the runtime's non-GC stop-the-world pauses so far (upper bucket bounds), or -1 when the
// runtime does not report them (before Go 1.22).
func stopTheWorldSeconds() float64 {
	s := []metrics.Sample{{Name: "/sched/pauses/total/other:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		return -1
	}
	h := s[0].Value.Float64Histogram()
	sum := 0.0
	for i, c := range h.Counts {
		if c > 0 {
			upper := h.Buckets[i+1]
			if upper > 1e9 { // the last bucket is open
				upper = h.Buckets[i]
			}
			sum += float64(c) * upper
		}
	}
	return sum
}

// BenchmarkLeakCheck is the every-5-minutes goroutineleak check (one GC cycle with leak detection) with a live
// heap of the given size; it needs a runtime with the profile (Go 1.27+, or GOEXPERIMENT=goroutineleakprofile).
func BenchmarkLeakCheck(b *testing.B) {
	if pprof.Lookup("goroutineleak") == nil {
		b.Skip("runtime has no goroutineleak profile")
	}
	for _, mb := range []int{16, 256} {
		b.Run(fmt.Sprintf("heap=%dMiB", mb), func(b *testing.B) {
			heap := pointerHeap(mb)
			release := parkGoroutines(1000)
			defer release()
			g := benchGuard(b, Config{ProfileInterval: -1, LeakCheckInterval: time.Hour})
			now := time.Now()
			gcBefore := gcCPUSeconds()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				now = now.Add(defaultLeakCheckInterval)
				g.leakCheck(now)
			}
			b.StopTimer()
			runtime.KeepAlive(heap)
			// The check waits for a concurrent GC cycle: its cost is the GC's CPU, not the caller's wall time.
			gcPerOp := (gcCPUSeconds() - gcBefore) / float64(b.N)
			b.ReportMetric(gcPerOp*1e3, "gc-cpu-ms/op")
			b.ReportMetric(100*gcPerOp/defaultLeakCheckInterval.Seconds(), "cpu-%-at-defaults")
		})
	}
}

// heapNode makes a pointer-rich live heap: 64-byte objects in a list, so marking has real work to do.
type heapNode struct {
	next *heapNode
	_    [56]byte
}

func pointerHeap(mb int) *heapNode {
	var head *heapNode
	for i := 0; i < mb<<20/64; i++ {
		head = &heapNode{next: head}
	}
	return head
}

// gcCPUSeconds is the runtime's estimate of CPU time spent in GC so far (Go 1.20+; 0 before).
func gcCPUSeconds() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}
