package guard

// End-to-end self-healing against a real leaking HTTP handler served on 127.0.0.1: breach → dump → degrade →
// release → recover, and a failing dump directory that must keep the service out of degraded mode.

import (
	"encoding/json"
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

// leakyService is a handler with the GG001 leak: it starts a goroutine to compute a result, then returns early
// without receiving it, so the sender parks in "chan send" forever. The channels are kept so the test can release
// the leak (a real service would have no such list).
type leakyService struct {
	mu     sync.Mutex
	parked []chan int
}

func (s *leakyService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	result := make(chan int)
	s.mu.Lock()
	s.parked = append(s.parked, result)
	s.mu.Unlock()
	go computeResult(result)
	_, _ = io.WriteString(w, "ok\n") // early return: nobody ever receives from result
}

func computeResult(result chan<- int) {
	result <- 42 // leakSiteMarker: parks here
}

// release receives every pending result, letting the parked senders finish.
func (s *leakyService) release() {
	s.mu.Lock()
	parked := s.parked
	s.parked = nil
	s.mu.Unlock()
	for _, ch := range parked {
		<-ch
	}
}

type harness struct {
	t       *testing.T
	svc     *leakyService
	g       *Guard
	srv     *httptest.Server
	client  *http.Client
	events  chan string
	dumpErr chan error
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, svc: &leakyService{}, events: make(chan string, 1000), dumpErr: make(chan error, 1000)}
	cfg.OnDegrade = func(ev Event) {
		if _, err := os.Stat(filepath.Join(ev.DumpPath, "goroutine.txt")); err != nil {
			t.Errorf("degraded before the dump existed: %v", err)
		}
		h.events <- "degrade"
	}
	cfg.OnRecover = func(Event) { h.events <- "recover" }
	cfg.OnDumpError = func(ev Event) { h.dumpErr <- ev.Err }
	g, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.g = g
	mux := http.NewServeMux()
	mux.Handle("/work", h.svc)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "healthy\n") })
	mux.Handle("/debug/goroutine-guard", g.Handler())
	mux.Handle("/debug/goroutine-guard/", g.Handler())
	h.srv = httptest.NewServer(g.Middleware(mux))
	h.client = h.srv.Client()
	t.Cleanup(func() {
		h.srv.Close()
		g.Stop()
		h.svc.release()
	})
	return h
}

func (h *harness) get(path string) (int, string, http.Header) {
	h.t.Helper()
	resp, err := h.client.Get(h.srv.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func (h *harness) waitEvent(want string, within time.Duration) {
	h.t.Helper()
	deadline := time.After(within)
	for {
		select {
		case ev := <-h.events:
			if ev == want {
				return
			}
		case <-deadline:
			h.t.Fatalf("no %q event within %v (status: %+v)", want, within, h.g.Status())
		}
	}
}

const modulePath = "github.com/goroutine-guard/goroutine-guard/agent"

func fastConfig(dir string, maxGoroutines int) Config {
	return Config{
		Interval: 10 * time.Millisecond, ProfileInterval: 10 * time.Millisecond, ProfileBudget: 1,
		LeakCheckInterval: -1, MaxGoroutines: maxGoroutines, MaxGrowthPerSecond: -1,
		BreachesToDegrade: 3, RecoverSamples: 3, LeakSuspectMin: 50, DumpDir: dir, KeepDumps: 2,
		DegradedStatus: http.StatusTooManyRequests, DegradedBody: "shedding load\n",
	}
}

func TestLeakingHandlerIsDumpedThenDegradedThenRecovers(t *testing.T) {
	for _, mode := range []string{modeExact, modeInferred} {
		mode := mode
		t.Run(mode, func(t *testing.T) { leakingHandlerScenario(t, mode) })
	}
}

// leakingHandlerScenario runs the whole sequence with profile samples in the given mode (the breach dump itself
// is always the exact debug=2 text).
func leakingHandlerScenario(t *testing.T, mode string) {
	dir := t.TempDir()
	settleGoroutines(t)
	limit := runtime.NumGoroutine() + 150
	cfg := fastConfig(dir, limit)
	if mode == modeInferred {
		cfg.ExactProfileMax = -1
	}
	h := newHarness(t, cfg)

	for i := 0; i < 200; i++ {
		if code, _, _ := h.get("/work"); code != http.StatusOK {
			t.Fatalf("request %d before the breach: status %d", i, code)
		}
	}
	h.waitEvent("degrade", 5*time.Second)

	// The dump set: written, complete, and showing the leaking stack.
	sets, _ := filepath.Glob(filepath.Join(dir, dumpSetPrefix+"*"))
	if len(sets) != 1 {
		t.Fatalf("dump sets: %v", sets)
	}
	stacks, err := os.ReadFile(filepath.Join(sets[0], "goroutine.txt"))
	if err != nil {
		t.Fatal(err)
	}
	leakFrame := "agent.computeResult("
	// The dump is taken at the third sample over the limit, possibly before the last requests leaked.
	if n := strings.Count(string(stacks), leakFrame); n < 150 {
		t.Errorf("goroutine.txt has %d %q frames, want >= 150", n, leakFrame)
	}
	if !strings.Contains(string(stacks), "[chan send") || !strings.Contains(string(stacks), "guard_test.go:") {
		t.Errorf("goroutine.txt lacks the chan send wait at guard_test.go")
	}
	heap, err := os.ReadFile(filepath.Join(sets[0], "heap.pb.gz"))
	if err != nil || len(heap) < 2 || heap[0] != 0x1f || heap[1] != 0x8b {
		t.Errorf("heap.pb.gz is not a gzip profile (err %v, %d bytes)", err, len(heap))
	}
	var meta struct {
		Goroutines int `json:"goroutines"`
		Profile    struct {
			Suspects []Suspect `json:"suspects"`
		} `json:"profile"`
	}
	raw, err := os.ReadFile(filepath.Join(sets[0], "meta.json"))
	if err != nil || json.Unmarshal(raw, &meta) != nil {
		t.Fatalf("meta.json: %v %s", err, raw)
	}
	if meta.Goroutines <= limit || len(meta.Profile.Suspects) == 0 {
		t.Errorf("meta.json: %d goroutines (limit %d), suspects %+v", meta.Goroutines, limit, meta.Profile.Suspects)
	}

	// Degraded: work is shed with the configured response, health and the guard's own endpoints still answer.
	code, body, hdr := h.get("/work")
	if code != http.StatusTooManyRequests || body != "shedding load\n" || hdr.Get("Retry-After") != "30" {
		t.Errorf("degraded /work: %d %q Retry-After=%q", code, body, hdr.Get("Retry-After"))
	}
	if code, body, _ := h.get("/healthz"); code != http.StatusOK || body != "healthy\n" {
		t.Errorf("/healthz while degraded: %d %q", code, body)
	}
	code, body, _ = h.get("/debug/goroutine-guard")
	var st Status
	if code != http.StatusOK || json.Unmarshal([]byte(body), &st) != nil {
		t.Fatalf("status endpoint: %d %s", code, body)
	}
	if !st.Degraded || st.DumpsWritten != 1 || st.LastDump == nil || st.LastDump.Path != sets[0] {
		t.Errorf("status while degraded: %+v", st)
	}
	if st.Profile == nil || len(st.Profile.Suspects) == 0 {
		t.Fatalf("no suspects in status: %+v", st.Profile)
	}
	top := st.Profile.Suspects[0]
	if top.Class != ClassChanSend || !strings.HasPrefix(top.Site, modulePath+".computeResult ") ||
		!strings.Contains(top.Site, "guard_test.go:") || top.Count < 150 || top.Evidence != "suspected" {
		t.Errorf("top suspect: %+v", top)
	}
	if st.Profile.Mode == modeExact && !strings.Contains(top.CreatedBy, "(*leakyService).ServeHTTP") {
		t.Errorf("top suspect created by %q", top.CreatedBy)
	}
	if st.Profile.BlockedChannel < 150 || st.Profile.ByWaitClass[ClassChanSend] < 150 {
		t.Errorf("blocked channel %d, chan-send %d", st.Profile.BlockedChannel, st.Profile.ByWaitClass[ClassChanSend])
	}
	_, metricsText, _ := h.get("/debug/goroutine-guard/metrics")
	for _, want := range []string{"goroutine_guard_degraded 1\n", "goroutine_guard_dumps_written_total 1\n"} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	// Release the leak: back under threshold*0.8 for 3 samples, the switch restores.
	if mode == modeInferred {
		// A periodic sample after the dump's exact one is inferred, and finds the same site.
		deadline := time.Now().Add(3 * time.Second)
		for h.g.Status().Profile.Mode != modeInferred && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		p := h.g.Status().Profile
		if p.Mode != modeInferred || len(p.Suspects) == 0 || p.Suspects[0].Count < 200 ||
			!strings.HasPrefix(p.Suspects[0].Site, modulePath+".computeResult ") {
			t.Errorf("inferred profile: %+v", p)
		}
	}

	h.svc.release()
	h.waitEvent("recover", 5*time.Second)
	if code, _, _ := h.get("/work"); code != http.StatusOK {
		t.Errorf("/work after recovery: %d", code)
	}
	if st := h.g.Status(); st.Degraded || st.DegradedResponses != 1 {
		t.Errorf("status after recovery: degraded %v, degraded responses %d", st.Degraded, st.DegradedResponses)
	}
}

func TestFailingDumpDirectoryPreventsDegrading(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	settleGoroutines(t)
	limit := runtime.NumGoroutine() + 100
	h := newHarness(t, fastConfig(filepath.Join(notADir, "dumps"), limit))

	for i := 0; i < 150; i++ {
		h.get("/work")
	}
	// Several samples over the threshold: each one tries the dump again and fails.
	for i := 0; i < 3; i++ {
		select {
		case err := <-h.dumpErr:
			if err == nil || !strings.Contains(err.Error(), "dump directory") {
				t.Fatalf("dump error: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no dump error reported (status %+v)", h.g.Status())
		}
	}
	if h.g.Degraded() {
		t.Fatal("degraded although the dump failed")
	}
	if code, _, _ := h.get("/work"); code != http.StatusOK {
		t.Errorf("/work after a failed dump: %d", code)
	}
	st := h.g.Status()
	if st.Degraded || st.DumpsWritten != 0 || st.DumpErrors < 3 || !strings.Contains(st.LastError, "dump directory") {
		t.Errorf("status: %+v", st)
	}
	_, metricsText, _ := h.get("/debug/goroutine-guard/metrics")
	if !strings.Contains(metricsText, "goroutine_guard_degraded 0\n") ||
		strings.Contains(metricsText, "goroutine_guard_dump_errors_total 0\n") {
		t.Errorf("metrics after failed dumps:\n%s", metricsText)
	}
}
