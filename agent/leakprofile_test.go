package guard

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

// leakUnreachable parks goroutines on channels nothing else can reach: the goroutineleak GC proves them leaked.
func leakUnreachable(n int) {
	for i := 0; i < n; i++ {
		go func() {
			ch := make(chan int)
			ch <- 1 // provenLeakMarker
		}()
	}
}

// Runs only where the runtime has the goroutineleak profile (Go 1.26 with GOEXPERIMENT=goroutineleakprofile,
// Go 1.27+); elsewhere it checks that the Guard says the profile is unavailable and omits the proven count.
func TestProvenLeaksFromTheGoroutineleakProfile(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Clock: newFakeClock(), Interval: time.Second, ProfileInterval: time.Second,
		LeakCheckInterval: time.Second, ProfileBudget: 1, MaxGoroutines: 1, BreachesToDegrade: 1, NoDegrade: true,
		DumpDir: dir}
	if pprof.Lookup("goroutineleak") == nil {
		g, err := Start(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer g.Stop()
		if st := g.Status(); st.LeakProfileAvailable || st.ProvenLeaks != nil {
			t.Errorf("no goroutineleak profile, yet status says %v / %v", st.LeakProfileAvailable, st.ProvenLeaks)
		}
		sets, _ := filepath.Glob(filepath.Join(dir, "*", "goroutineleak.txt"))
		if len(sets) != 0 {
			t.Errorf("wrote %v without the profile", sets)
		}
		t.Skip("runtime has no goroutineleak profile")
	}
	leakUnreachable(30)
	time.Sleep(20 * time.Millisecond) // let them park
	g, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	st := g.Status()
	if !st.LeakProfileAvailable || st.ProvenLeaks == nil || *st.ProvenLeaks < 30 {
		t.Fatalf("proven leaks: available %v, %v", st.LeakProfileAvailable, st.ProvenLeaks)
	}
	var proven *Suspect
	for i, s := range st.Profile.Suspects {
		if strings.Contains(s.Site, ".leakUnreachable.func") {
			proven = &st.Profile.Suspects[i]
		}
	}
	if proven == nil || proven.Evidence != "proven" || proven.Leaked != 30 || proven.Class != ClassChanSend {
		t.Errorf("proven suspect: %+v (all %+v)", proven, st.Profile.Suspects)
	}
	if st.DumpsWritten != 1 || st.Degraded {
		t.Fatalf("dump with NoDegrade: %+v", st)
	}
	leakText, err := os.ReadFile(filepath.Join(st.LastDump.Path, "goroutineleak.txt"))
	if err != nil || !strings.Contains(string(leakText), "goroutineleak profile: total") ||
		!strings.Contains(string(leakText), ".leakUnreachable.func") {
		t.Errorf("goroutineleak.txt: %v\n%s", err, leakText)
	}
	stacks, _ := os.ReadFile(filepath.Join(st.LastDump.Path, "goroutine.txt"))
	if n := strings.Count(string(stacks), "[chan send (leaked)]"); n < 30 {
		t.Errorf("goroutine.txt marks %d goroutines leaked, want >= 30", n)
	}
}
