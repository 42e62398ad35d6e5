package guard

// The Guard: the sampling loop that reads goroutine counts, takes goroutine-profile snapshots at a lower rate,
// runs goroutineleak checks when the runtime has them, and drives the self-healing sequence (dump, then degrade).

import (
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

	counts     []metrics.Sample // [0] goroutines, [1] waiting goroutines when the runtime has it (Go 1.26+)
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
		// Go 1.26+: the scheduler counts waiting goroutines, so the parked share is fresh on every sample.
		g.hasStates = true
		g.counts = append(g.counts, metrics.Sample{Name: "/sched/goroutines/waiting:goroutines"})
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
