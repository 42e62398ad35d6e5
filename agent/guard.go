package guard

// The Guard: the sampling loop that reads goroutine counts, takes goroutine-profile snapshots at a lower rate,
// runs goroutineleak checks when the runtime has them, and drives the self-healing sequence (dump, then degrade).

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"
)

// Guard watches the process it runs in. Create it with Start; all of its methods are safe for concurrent use.
type Guard struct {
	cfg    Config
	clock  Clock
	parser profileParser
	heal   *healer
	dumps  dumpWriter
	pid    int

	counts     []metrics.Sample // [0] goroutines, then the Go 1.26+ state breakdown when the runtime has it
	hasStates  bool
	leakProf   *pprof.Profile // nil unless the runtime has the goroutineleak profile
	stackBuf   []byte
	records    []runtime.StackRecord
	degraded   atomic.Bool
	shed       atomic.Uint64 // degraded responses served
	dumpSeq    uint64
	nextProf   time.Time
	nextLeak   time.Time
	prevCount  int
	prevTime   time.Time
	havePrev   bool
	stopOnce   sync.Once
	stopCh     chan struct{}
	loopDone   chan struct{}
	sampleLock sync.Mutex // one sample at a time (the loop, and Start's first sample)

	mu sync.Mutex // guards st
	st Status
}

// Start validates cfg, takes the first sample (so Status and the metrics are populated at once) and starts the
// sampling goroutine. Stop ends it.
func Start(cfg Config) (*Guard, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	g := &Guard{
		cfg:      cfg,
		clock:    cfg.Clock,
		heal:     newHealer(cfg),
		dumps:    dumpWriter{dir: cfg.DumpDir, keep: cfg.KeepDumps},
		pid:      os.Getpid(),
		stopCh:   make(chan struct{}),
		loopDone: make(chan struct{}),
		leakProf: pprof.Lookup("goroutineleak"),
	}
	g.parser = profileParser{ignore: cfg.SuspectIgnore, leakSuspectMin: cfg.LeakSuspectMin}
	if info, ok := debug.ReadBuildInfo(); ok {
		g.parser.mainModule = info.Main.Path
	}
	g.counts = []metrics.Sample{{Name: "/sched/goroutines:goroutines"}}
	if hasMetric("/sched/goroutines/waiting:goroutines") {
		// Go 1.26+: the scheduler counts goroutines by state, so the parked share is fresh on every sample.
		g.hasStates = true
		g.counts = append(g.counts,
			metrics.Sample{Name: "/sched/goroutines/waiting:goroutines"},
			metrics.Sample{Name: "/sched/goroutines/runnable:goroutines"},
			metrics.Sample{Name: "/sched/goroutines/running:goroutines"},
			metrics.Sample{Name: "/sched/goroutines/not-in-go:goroutines"})
	}
	now := g.clock.Now()
	g.st = Status{
		Started:              now,
		GoVersion:            runtime.Version(),
		LeakProfileAvailable: g.leakProf != nil,
		Thresholds: Thresholds{
			MaxGoroutines: cfg.MaxGoroutines, MaxGrowthPerSecond: cfg.MaxGrowthPerSecond,
			BreachesToDegrade: cfg.BreachesToDegrade, RecoverRatio: cfg.RecoverRatio,
			RecoverSamples: cfg.RecoverSamples, LeakSuspectMin: cfg.LeakSuspectMin,
		},
		DumpDir: cfg.DumpDir,
	}
	g.sample(now)
	ticker := g.clock.NewTicker(cfg.Interval)
	go g.loop(ticker)
	return g, nil
}

func hasMetric(name string) bool {
	for _, d := range metrics.All() {
		if d.Name == name {
			return true
		}
	}
	return false
}

func (g *Guard) loop(t Ticker) {
	defer close(g.loopDone)
	defer t.Stop()
	for {
		select {
		case <-g.stopCh:
			return
		case <-t.C():
			g.sample(g.clock.Now())
		}
	}
}

// Stop ends sampling and leaves degraded mode (a stopped Guard never sheds load). It is safe to call twice.
func (g *Guard) Stop() {
	g.stopOnce.Do(func() {
		close(g.stopCh)
		<-g.loopDone
		g.degraded.Store(false)
		g.mu.Lock()
		g.st.Degraded = false
		g.st.Stopped = true
		g.mu.Unlock()
	})
}

// Degraded says whether the middleware currently answers with the degraded response.
func (g *Guard) Degraded() bool { return g.degraded.Load() }

// sample is one tick: count, maybe profile and leak-check, then the healing decision.
func (g *Guard) sample(now time.Time) {
	g.sampleLock.Lock()
	defer g.sampleLock.Unlock()

	metrics.Read(g.counts)
	count := int(g.counts[0].Value.Uint64())
	growth := 0.0
	if g.havePrev {
		if dt := now.Sub(g.prevTime).Seconds(); dt > 0 {
			growth = float64(count-g.prevCount) / dt
		}
	}
	g.prevCount, g.prevTime, g.havePrev = count, now, true

	g.mu.Lock()
	g.st.Time = now
	g.st.Goroutines = count
	g.st.GrowthPerSecond = growth
	if g.hasStates {
		waiting := g.counts[1].Value.Uint64()
		g.st.ParkedSource = "runtime/metrics"
		g.st.ParkedRatio = ratio(int(waiting), count)
	}
	g.mu.Unlock()

	if g.leakProf != nil && g.cfg.LeakCheckInterval > 0 && !now.Before(g.nextLeak) {
		g.leakCheck(now)
	}
	if g.cfg.ProfileInterval > 0 && !now.Before(g.nextProf) {
		g.profile(now, count)
	}

	v := g.heal.observe(count, growth)
	ev := Event{Time: now, Goroutines: count, GrowthPerSecond: growth, ConsecutiveBreaches: g.heal.consecutive}
	g.mu.Lock()
	g.st.Breached = v.breached
	g.st.ConsecutiveBreaches = g.heal.consecutive
	g.mu.Unlock()
	if v.breached {
		ev.Degraded = g.degraded.Load()
		g.callback("OnBreach", g.cfg.OnBreach, ev)
	}
	if v.dump {
		g.dumpAndDegrade(now, ev)
	}
	if v.recover {
		g.degraded.Store(false)
		g.mu.Lock()
		g.st.Degraded, g.st.DegradedSince = false, nil
		ev.DumpPath = g.lastDumpPath()
		g.mu.Unlock()
		g.callback("OnRecover", g.cfg.OnRecover, ev)
	}
	// Counted last, so a reader that sees Samples == n sees everything sample n did.
	g.mu.Lock()
	g.st.Samples++
	g.mu.Unlock()
}

// callback runs a user callback; a panic in it is recorded as the last error instead of ending the process or
// the sampling loop.
func (g *Guard) callback(name string, fn func(Event), ev Event) {
	if fn == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			g.mu.Lock()
			g.st.LastError = fmt.Sprintf("goroutine-guard: %s panicked: %v", name, r)
			t := ev.Time
			g.st.LastErrorTime = &t
			g.mu.Unlock()
		}
	}()
	fn(ev)
}

func ratio(part, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(part) / float64(total)
}

// leakCheck runs the goroutineleak profile's leak-detecting GC cycle; the profile's Count is then the number of
// goroutines the GC proved leaked, and until the next GC cycle they carry "(leaked)" in tracebacks.
func (g *Guard) leakCheck(now time.Time) int {
	g.nextLeak = now.Add(g.cfg.LeakCheckInterval)
	err := g.leakProf.WriteTo(io.Discard, 1)
	n := g.leakProf.Count()
	g.mu.Lock()
	if err == nil {
		g.st.ProvenLeaks = &n
		t := now
		g.st.LastLeakCheck = &t
	}
	g.mu.Unlock()
	return n
}

// profile takes a goroutine-profile snapshot: exact (runtime.Stack, the world stopped meanwhile) while the
// process is small, inferred (runtime.GoroutineProfile, concurrent) above ExactProfileMax, skipped above
// MaxProfileGoroutines. The next one waits until the cost fits ProfileBudget.
func (g *Guard) profile(now time.Time, count int) {
	g.nextProf = now.Add(g.cfg.ProfileInterval)
	if g.cfg.MaxProfileGoroutines > 0 && count > g.cfg.MaxProfileGoroutines {
		g.skipProfile()
		return
	}
	began := time.Now()
	var snap profileSnapshot
	var cost time.Duration
	if count <= g.cfg.ExactProfileMax {
		dump, truncated := g.captureStacks(pprofStackLimit)
		snap = g.parser.parseTraceback(dump, truncated)
		g.releaseStackBuf()
		cost = time.Since(began) * time.Duration(runtime.GOMAXPROCS(0)) // every P waited
	} else {
		records, ok := g.captureRecords(count)
		if !ok {
			g.skipProfile()
			return
		}
		snap = g.parser.parseRecords(records)
		g.releaseRecords()
		cost = time.Since(began)
	}
	took := time.Since(began)
	if gap := time.Duration(float64(cost) / g.cfg.ProfileBudget); gap > g.cfg.ProfileInterval {
		g.nextProf = now.Add(gap)
	}
	g.recordProfile(now, snap, took)
}

func (g *Guard) skipProfile() {
	g.mu.Lock()
	g.st.ProfilesSkipped++
	g.mu.Unlock()
}

func (g *Guard) recordProfile(now time.Time, snap profileSnapshot, took time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.st.ProfileSamples++
	g.st.Profile = newProfileStatus(now, snap, took)
	if !g.hasStates {
		g.st.ParkedSource = "profile"
		g.st.ParkedRatio = ratio(snap.Parked, snap.Total)
	}
}

// captureStacks fills the reusable buffer with runtime.Stack(all), growing it up to limit bytes. The first size is
// guessed from the goroutine count so a big process does not pay several stop-the-world attempts.
func (g *Guard) captureStacks(limit int) ([]byte, bool) {
	want := 1024 * (runtime.NumGoroutine() + 16)
	if want < 64<<10 {
		want = 64 << 10
	}
	if want > limit {
		want = limit
	}
	if cap(g.stackBuf) < want {
		g.stackBuf = make([]byte, want)
	}
	buf := g.stackBuf[:cap(g.stackBuf)]
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n], false
		}
		if len(buf) >= limit {
			return buf, true
		}
		size := 2 * len(buf)
		if size > limit {
			size = limit
		}
		buf = make([]byte, size)
		g.stackBuf = buf
	}
}

// releaseStackBuf keeps a small buffer for the next sample but lets a spike's big one go.
func (g *Guard) releaseStackBuf() {
	if cap(g.stackBuf) > 4<<20 {
		g.stackBuf = nil
	}
}

// captureRecords collects every goroutine's stack record, with some room for goroutines started meanwhile.
func (g *Guard) captureRecords(count int) ([]runtime.StackRecord, bool) {
	for tries := 0; tries < 3; tries++ {
		want := count + count/8 + 64
		if cap(g.records) < want {
			g.records = make([]runtime.StackRecord, want)
		}
		n, ok := runtime.GoroutineProfile(g.records[:cap(g.records)])
		if ok {
			return g.records[:n], true
		}
		count = n
	}
	return nil, false
}

// releaseRecords keeps up to 4 MiB of records (16384 goroutines) for the next sample.
func (g *Guard) releaseRecords() {
	if cap(g.records) > 16384 {
		g.records = nil
	}
}

// pprofStackLimit is where pprof itself stops growing its debug=2 buffer.
const pprofStackLimit = 64 << 20

// dumpAndDegrade is the self-healing sequence: write the profiles, and only if that worked switch to degraded.
func (g *Guard) dumpAndDegrade(now time.Time, ev Event) {
	g.dumpSeq++
	name := setName(now, g.pid, g.dumpSeq)
	var files []dumpFile
	proven := -1
	if g.leakProf != nil {
		// First, so the leak-detecting GC has marked the leaked goroutines when the debug=2 dump is taken.
		files = append(files, dumpFile{name: "goroutineleak.txt", write: func(w io.Writer) error {
			err := g.leakProf.WriteTo(w, 1)
			proven = g.leakProf.Count()
			return err
		}})
	}
	var snap profileSnapshot
	var took time.Duration
	files = append(files,
		dumpFile{name: "goroutine.txt", write: func(w io.Writer) error {
			began := time.Now()
			dump, truncated := g.captureStacks(pprofStackLimit)
			snap = g.parser.parseTraceback(dump, truncated)
			took = time.Since(began)
			_, err := w.Write(dump)
			g.releaseStackBuf()
			return err
		}},
		dumpFile{name: "heap.pb.gz", write: func(w io.Writer) error {
			return pprof.Lookup("heap").WriteTo(w, 0)
		}},
		dumpFile{name: "meta.json", write: func(w io.Writer) error {
			return g.writeMeta(w, now, ev, snap, took, proven)
		}},
	)
	path, err := g.dumps.write(name, files)
	if err != nil {
		g.heal.dumped(false)
		g.mu.Lock()
		g.st.DumpErrors++
		g.st.LastError = err.Error()
		t := now
		g.st.LastErrorTime = &t
		g.mu.Unlock()
		ev.Err = err
		g.callback("OnDumpError", g.cfg.OnDumpError, ev)
		return
	}
	g.heal.dumped(true)
	g.recordProfile(now, snap, took)
	g.mu.Lock()
	g.st.DumpsWritten++
	g.st.LastDump = &DumpRecord{Path: path, Time: now}
	if proven >= 0 {
		p := proven
		g.st.ProvenLeaks = &p
		t := now
		g.st.LastLeakCheck = &t
	}
	if !g.cfg.NoDegrade {
		g.st.Degraded = true
		t := now
		g.st.DegradedSince = &t
	}
	g.mu.Unlock()
	if !g.cfg.NoDegrade {
		g.degraded.Store(true)
	}
	ev.DumpPath = path
	ev.Degraded = !g.cfg.NoDegrade
	g.callback("OnDegrade", g.cfg.OnDegrade, ev)
}

func (g *Guard) lastDumpPath() string {
	if g.st.LastDump == nil {
		return ""
	}
	return g.st.LastDump.Path
}

// writeMeta describes the dump set: why it was written, the thresholds, and the snapshot taken with it.
func (g *Guard) writeMeta(w io.Writer, now time.Time, ev Event, snap profileSnapshot, took time.Duration,
	proven int) error {
	if snap.Total == 0 {
		return errors.New("no goroutine dump to describe")
	}
	meta := struct {
		Time                time.Time      `json:"time"`
		Pid                 int            `json:"pid"`
		GoVersion           string         `json:"goVersion"`
		Goroutines          int            `json:"goroutines"`
		GrowthPerSecond     float64        `json:"growthPerSecond"`
		ConsecutiveBreaches int            `json:"consecutiveBreaches"`
		Thresholds          Thresholds     `json:"thresholds"`
		ProvenLeaks         *int           `json:"provenLeaks,omitempty"`
		Profile             *ProfileStatus `json:"profile"`
	}{
		Time: now, Pid: g.pid, GoVersion: runtime.Version(), Goroutines: ev.Goroutines,
		GrowthPerSecond: ev.GrowthPerSecond, ConsecutiveBreaches: ev.ConsecutiveBreaches,
		Profile: newProfileStatus(now, snap, took),
	}
	g.mu.Lock()
	meta.Thresholds = g.st.Thresholds
	g.mu.Unlock()
	if proven >= 0 {
		meta.ProvenLeaks = &proven
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(meta)
}
