package guard

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is advanced by the test; each advance delivers one tick and waits until the Guard sampled it.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	tick chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), tick: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.tick} }

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }
func (fakeTicker) Stop()                 {}

// advance moves time by d, ticks, and waits for the sample to be recorded.
func (c *fakeClock) advance(t *testing.T, g *Guard, d time.Duration) Status {
	t.Helper()
	before := g.Status().Samples
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.tick <- now
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := g.Status()
		if st.Samples > before {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatal("the Guard did not sample the tick")
		}
		time.Sleep(time.Millisecond)
	}
}

// settleGoroutines waits until goroutines of earlier tests (servers closing, released leaks) have exited, so
// counts taken next move only with what this test does.
func settleGoroutines(t *testing.T) {
	t.Helper()
	last, stable := runtime.NumGoroutine(), 0
	for deadline := time.Now().Add(3 * time.Second); stable < 5 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		if n := runtime.NumGoroutine(); n == last {
			stable++
		} else {
			last, stable = n, 0
		}
	}
}

// With an injected clock the growth rate is exact: N new goroutines per fake second is N/s, and a growth breach
// alone (goroutine threshold disabled) runs the dump-then-degrade sequence.
func TestGrowthBreachWithInjectedClock(t *testing.T) {
	settleGoroutines(t)
	clock := newFakeClock()
	dir := t.TempDir()
	var degradedAt time.Time
	g, err := Start(Config{
		Clock: clock, Interval: time.Second, ProfileInterval: -1, LeakCheckInterval: -1,
		MaxGoroutines: -1, MaxGrowthPerSecond: 100, BreachesToDegrade: 3, RecoverSamples: 2, DumpDir: dir,
		OnDegrade: func(ev Event) { degradedAt = ev.Time },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	release := make(chan struct{})
	defer close(release)
	var running sync.WaitGroup
	spawn := func(n int) {
		running.Add(n)
		for i := 0; i < n; i++ {
			go func() { running.Done(); <-release }()
		}
		running.Wait()
	}
	start := clock.Now()
	for i := 1; i <= 3; i++ {
		spawn(400)
		st := clock.advance(t, g, 2*time.Second)
		if st.GrowthPerSecond < 190 || st.GrowthPerSecond > 210 { // 400 over 2 s, give or take a runtime goroutine
			t.Fatalf("sample %d: growth %v/s, want ~200", i, st.GrowthPerSecond)
		}
		if st.ConsecutiveBreaches != i || st.Degraded != (i == 3) {
			t.Fatalf("sample %d: %d breaches, degraded %v", i, st.ConsecutiveBreaches, st.Degraded)
		}
	}
	if want := start.Add(6 * time.Second); !degradedAt.Equal(want) {
		t.Errorf("degraded at %v, want %v (the injected time)", degradedAt, want)
	}
	sets, _ := filepath.Glob(filepath.Join(dir, dumpSetPrefix+"20260102T030411.000Z-*"))
	if len(sets) != 1 {
		t.Errorf("dump set named after the injected time: %v", sets)
	}
	// Flat again: growth 0 for RecoverSamples samples recovers (the goroutine threshold is disabled).
	clock.advance(t, g, time.Second)
	if st := clock.advance(t, g, time.Second); st.Degraded || st.GrowthPerSecond != 0 {
		t.Errorf("after two flat samples: degraded %v growth %v", st.Degraded, st.GrowthPerSecond)
	}
}

func TestStopLeavesDegradedMode(t *testing.T) {
	clock := newFakeClock()
	g, err := Start(Config{Clock: clock, MaxGoroutines: 1, BreachesToDegrade: 1, ProfileInterval: -1,
		LeakCheckInterval: -1, DumpDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Degraded() {
		t.Fatal("one goroutine over a limit of 1 with BreachesToDegrade 1 should degrade at the first sample")
	}
	h := g.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("degraded default status %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/debug/pprof/goroutine", nil))
	if rec.Code != 204 {
		t.Fatalf("passthrough prefix answered %d", rec.Code)
	}
	g.Stop()
	g.Stop()
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 204 || g.Status().Degraded || !g.Status().Stopped {
		t.Fatalf("after Stop: status %d, %+v", rec.Code, g.Status())
	}
}

func TestConfigValidation(t *testing.T) {
	bad := []Config{
		{Interval: time.Microsecond},
		{ProfileBudget: 2},
		{MaxGoroutines: -1, MaxGrowthPerSecond: -1},
		{RecoverRatio: 1.5},
		{BreachesToDegrade: -1},
		{KeepDumps: -2},
		{DegradedStatus: 42},
	}
	for _, c := range bad {
		if g, err := Start(c); err == nil {
			g.Stop()
			t.Errorf("accepted %+v", c)
		}
	}
}

func TestDumpRotationKeepsTheNewestSets(t *testing.T) {
	dir := t.TempDir()
	d := dumpWriter{dir: dir, keep: 2}
	base := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	for i := 0; i < 4; i++ {
		name := setName(base.Add(time.Duration(i)*time.Second), 42, uint64(i+1))
		_, err := d.write(name, []dumpFile{{name: "a.txt", write: func(w io.Writer) error {
			_, err := w.Write([]byte("x"))
			return err
		}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"goroutines-20260506T070811.000Z-p42-0003", "goroutines-20260506T070812.000Z-p42-0004"}
	if len(names) != 2 || names[0] != want[0] || names[1] != want[1] {
		t.Errorf("kept %v, want %v", names, want)
	}
	// A failing file leaves no set and no temporary directory behind.
	_, err := d.write("goroutines-20260506T070813.000Z-p42-0005", []dumpFile{{name: "a.txt",
		write: func(io.Writer) error { return os.ErrDeadlineExceeded }}})
	if err == nil {
		t.Fatal("a failing writer did not fail the set")
	}
	entries, _ = os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("after a failed set: %d entries", len(entries))
	}
}

func TestPanickingCallbackIsRecorded(t *testing.T) {
	clock := newFakeClock()
	g, err := Start(Config{Clock: clock, MaxGoroutines: 1, BreachesToDegrade: 2, ProfileInterval: -1,
		LeakCheckInterval: -1, DumpDir: t.TempDir(), OnBreach: func(Event) { panic("boom") }})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	st := clock.advance(t, g, time.Second)
	if !strings.Contains(st.LastError, "OnBreach panicked: boom") || !st.Degraded {
		t.Errorf("after a panicking OnBreach: %q, degraded %v", st.LastError, st.Degraded)
	}
}
