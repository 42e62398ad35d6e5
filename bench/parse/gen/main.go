// Command gen makes the dump-parsing benchmark inputs from a real Go process: it starts N goroutines that block
// in many distinct ways (see blockers.go, shapes.go), then writes
//
//	<out>/<name>.debug2.txt   runtime.Stack(buf, true): the same text as /debug/pprof/goroutine?debug=2, but
//	                          complete (pprof's debug=2 writer stops at 64 MB, far short of 1 M goroutines)
//	<out>/<name>.debug1.txt   pprof.Lookup("goroutine").WriteTo(f, 1) of the same process
//	<out>/<name>.debug0.pb.gz pprof.Lookup("goroutine").WriteTo(f, 0) of the same process
//	<out>/<name>.json         manifest: goroutine count, planned distinct stacks, sizes, timings
//
// Usage: go run . -n 1000000 -name g1m -out ../../out [-age 125s]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type manifest struct {
	Name             string         `json:"name"`
	GoVersion        string         `json:"goVersion"`
	Goroutines       int            `json:"goroutines"` // runtime.NumGoroutine() at dump time = blocks in debug2
	Planned          int            `json:"planned"`
	PlannedStacks    int            `json:"plannedDistinctStacks"`
	PerKind          map[string]int `json:"perKind"`
	Waves            int            `json:"waves"`
	Debug2Bytes      int64          `json:"debug2Bytes"`
	Debug1Bytes      int64          `json:"debug1Bytes"`
	Debug0Bytes      int64          `json:"debug0Bytes"`
	SpawnSeconds     float64        `json:"spawnSeconds"`
	Debug2Seconds    float64        `json:"debug2Seconds"`
	GenPeakRSSKiB    int64          `json:"genPeakRssKiB"`
	GenStackInuseMiB uint64         `json:"genStackInuseMiB"`
}

func main() {
	n := flag.Int("n", 10000, "goroutines to start (blocked), besides main and a few helpers")
	name := flag.String("name", "g10k", "file name prefix")
	out := flag.String("out", "../../out", "output directory")
	seed := flag.Uint64("seed", 1, "plan seed")
	maxDepth := flag.Int("max-depth", 40, "recursion depths drawn from 0..max-depth-1")
	age := flag.Duration("age", 0, "spawn in waves 61 s apart over this long, so headers carry \"N minutes\"")
	flag.Parse()
	if err := run(*n, *name, *out, *seed, *maxDepth, *age); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, name, out string, seed uint64, maxDepth int, age time.Duration) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	p := makePlan(n, seed, maxDepth, ioBudget())
	e, err := newEnv(p)
	if err != nil {
		return err
	}
	startHelpers(e)

	waves := 1 + int(age/(61*time.Second))
	t0 := time.Now()
	for w := 0; w < waves; w++ {
		lo, hi := w*n/waves, (w+1)*n/waves
		if w < waves-1 {
			// A GC stamps each parked goroutine's waitsince with the start of the *previous* GC cycle
			// (work.tstart), the source of "N minutes": so one GC right before the wave, one right after.
			runtime.GC()
		}
		spawn(p.specs[lo:hi], e)
		for blocked.Load() < int64(hi) {
			time.Sleep(10 * time.Millisecond)
		}
		if w < waves-1 {
			runtime.GC()
			fmt.Fprintf(os.Stderr, "gen: wave %d/%d blocked (%d), waiting 61 s\n", w+1, waves, hi)
			time.Sleep(61 * time.Second)
		}
	}
	spawnSecs := time.Since(t0).Seconds()
	time.Sleep(300 * time.Millisecond) // let the last goroutines get from blocked.Add into gopark
	fmt.Fprintf(os.Stderr, "gen: %d goroutines blocked in %.1fs, %d planned distinct stacks\n",
		runtime.NumGoroutine(), spawnSecs, p.distinct)

	m := manifest{Name: name, GoVersion: runtime.Version(), Planned: n, PlannedStacks: p.distinct,
		PerKind: map[string]int{}, Waves: waves, SpawnSeconds: spawnSecs}
	for k, c := range p.perKind {
		m.PerKind[kindNames[k]] = c
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.GenStackInuseMiB = ms.StackInuse >> 20

	base := filepath.Join(out, name)
	t1 := time.Now()
	m.Goroutines = runtime.NumGoroutine()
	if m.Debug2Bytes, err = writeStacks(base+".debug2.txt", n); err != nil {
		return err
	}
	m.Debug2Seconds = time.Since(t1).Seconds()
	if m.Debug1Bytes, err = writeProfile(base+".debug1.txt", 1); err != nil {
		return err
	}
	if m.Debug0Bytes, err = writeProfile(base+".debug0.pb.gz", 0); err != nil {
		return err
	}
	m.GenPeakRSSKiB = peakRSSKiB()
	j, _ := json.MarshalIndent(m, "", "  ")
	fmt.Println(string(j))
	return os.WriteFile(base+".json", append(j, '\n'), 0o644)
}

// spawn starts the goroutines of specs from 8 short-lived spawner goroutines, so "created by … in goroutine N"
// names several (by then dead) creators.
func spawn(specs []spec, e *env) {
	const spawners = 8
	var wg sync.WaitGroup
	for w := 0; w < spawners; w++ {
		part := specs[w*len(specs)/spawners : (w+1)*len(specs)/spawners]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sup := &supervisor{}
			for _, s := range part {
				if s.creator == 0 {
					launch(s.entry, int(s.depth), s.kind, e, int(s.shard))
				} else {
					sup.relaunch(s.entry, int(s.depth), s.kind, e, int(s.shard))
				}
			}
		}()
	}
	wg.Wait()
}

// ioBudget is how many goroutines of each fd-backed kind (pipe, TCP) fit under RLIMIT_NOFILE: each needs 2 fds.
func ioBudget() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 500
	}
	b := (int(rl.Cur) - 256) / 4
	return max(0, min(b, 4000))
}

func newEnv(p *plan) (*env, error) {
	e := &env{ctx: context.Background()}
	for i := range e.ch {
		e.ch[i] = make(chan int)
		e.sendCh[i] = make(chan int)
	}
	e.mu.Lock()
	e.rw.Lock()
	e.rwRead.RLock()
	e.cond = sync.NewCond(&sync.Mutex{})
	e.wg.Add(1)
	e.pipes = make(chan *os.File, p.perKind[kPipeRead])
	for i := 0; i < p.perKind[kPipeRead]; i++ {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("pipe %d: %w", i, err)
		}
		e.pipes <- r
		e.keep = append(e.keep, w)
	}
	e.tcp = make(chan net.Conn, p.perKind[kTCPRead])
	if p.perKind[kTCPRead] > 0 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		e.keep = append(e.keep, ln)
		for i := 0; i < p.perKind[kTCPRead]; i++ {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				return nil, fmt.Errorf("dial %d: %w", i, err)
			}
			s, err := ln.Accept()
			if err != nil {
				return nil, err
			}
			e.tcp <- s
			e.keep = append(e.keep, c)
		}
	}
	e.netPipes = make(chan net.Conn, p.perKind[kNetPipe])
	for i := 0; i < p.perKind[kNetPipe]; i++ {
		a, b := net.Pipe()
		e.netPipes <- a
		e.keep = append(e.keep, b)
	}
	return e, nil
}

var stop atomic.Bool

// startHelpers adds the states no blocker gives: two busy goroutines (running/runnable) and four goroutines
// locked to their OS thread (", locked to thread" in the header).
func startHelpers(e *env) {
	for i := 0; i < 2; i++ {
		go spin()
	}
	for i := 0; i < 4; i++ {
		go func() {
			runtime.LockOSThread()
			recvForever(e.ch[i], i)
		}()
	}
}

//go:noinline
func spin() {
	x := 0
	for !stop.Load() {
		x++
		if x%1024 == 0 {
			runtime.Gosched()
		}
	}
}

// writeStacks writes the full all-goroutine traceback. runtime.Stack stops the world and fails short (n ==
// len(buf)) when the buffer is too small, so start from an estimate and double.
func writeStacks(path string, n int) (int64, error) {
	size := max(1<<20, n*1536)
	for {
		buf := make([]byte, size)
		got := runtime.Stack(buf, true)
		if got < len(buf) {
			return int64(got), os.WriteFile(path, buf[:got], 0o644)
		}
		size *= 2
	}
}

func writeProfile(path string, debug int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, debug); err != nil {
		f.Close()
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return st.Size(), f.Close()
}

func peakRSSKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var v int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &v)
			return v
		}
	}
	return -1
}
