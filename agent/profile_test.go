package guard

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func testParser() *profileParser {
	return &profileParser{ignore: Config{}.withDefaults().SuspectIgnore, leakSuspectMin: 50}
}

// parkedSet starts real goroutines in known waits and stops them at cleanup (except the never-wakeable ones,
// which by definition cannot be stopped: they stay parked for the life of the test binary).
func parkedSet(t *testing.T) {
	t.Helper()
	var started sync.WaitGroup
	send := make(chan int)
	var mu sync.Mutex
	mu.Lock()
	stop := make(chan struct{})
	for i := 0; i < 60; i++ {
		started.Add(1)
		go func() { started.Done(); send <- 1 }()
	}
	for i := 0; i < 5; i++ {
		started.Add(1)
		//lint:ignore SA2001 the empty critical section parks on the held mutex
		go func() { started.Done(); mu.Lock(); mu.Unlock() }()
	}
	for i := 0; i < 4; i++ {
		started.Add(1)
		go func() {
			started.Done()
			select {
			case <-stop:
			case <-time.After(time.Hour):
			}
		}()
	}
	for i := 0; i < 3; i++ {
		started.Add(1)
		go func() { started.Done(); time.Sleep(time.Hour) }() // not stopped: a sleeping goroutine is harmless
	}
	started.Wait()
	t.Cleanup(func() {
		for i := 0; i < 60; i++ {
			<-send
		}
		mu.Unlock()
		close(stop)
	})
}

var neverWakeOnce sync.Once

// parkNeverWaking parks two goroutines on a nil channel ("chan receive (nil chan)") and one in an empty select
// ("select (no cases)"): nothing can ever wake them.
func parkNeverWaking() {
	neverWakeOnce.Do(func() {
		var nilChan chan int
		for i := 0; i < 2; i++ {
			go func() { <-nilChan }()
		}
		go func() { select {} }()
	})
}

// waitParked waits until the runtime shows at least want[c] goroutines in each class c (goroutines park
// asynchronously after they start).
func waitParked(t *testing.T, p *profileParser, want map[WaitClass]int) profileSnapshot {
	t.Helper()
	buf := make([]byte, 8<<20)
	deadline := time.Now().Add(3 * time.Second)
	for {
		snap := p.parseTraceback(buf[:runtime.Stack(buf, true)], false)
		ok := true
		for c, n := range want {
			ok = ok && snap.ByClass[classIndex(c)] >= n
		}
		if ok || time.Now().After(deadline) {
			return snap
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSnapshotOfRealParkedGoroutines(t *testing.T) {
	parkedSet(t)
	parkNeverWaking()
	p := testParser()
	want := map[WaitClass]int{ClassChanSend: 60, ClassChanRecv: 2, ClassSync: 5, ClassSelect: 5, ClassSleep: 3}
	snap := waitParked(t, p, want)
	by := func(c WaitClass) int { return snap.ByClass[classIndex(c)] }
	for c, n := range want {
		if by(c) < n {
			t.Fatalf("%s: %d goroutines, want >= %d (all: %v)", c, by(c), n, snap.ByClass)
		}
	}
	sum := 0
	for _, n := range snap.ByClass {
		sum += n
	}
	if sum != snap.Total || snap.Total < 74 {
		t.Errorf("classes sum to %d, total %d", sum, snap.Total)
	}
	if snap.BlockedChannel != by(ClassChanSend)+by(ClassChanRecv)+by(ClassSelect) {
		t.Errorf("blocked channel %d", snap.BlockedChannel)
	}
	if snap.Parked < 74 || snap.Parked > snap.Total {
		t.Errorf("parked %d of %d", snap.Parked, snap.Total)
	}

	var send, nilRecv *Suspect
	for i := range snap.Suspects {
		s := &snap.Suspects[i]
		switch {
		case s.Class == ClassChanSend && strings.Contains(s.Site, "TestSnapshotOfRealParkedGoroutines") ||
			s.Class == ClassChanSend && strings.Contains(s.Site, ".parkedSet.func"):
			send = s
		case s.Reason == "chan receive (nil chan)":
			nilRecv = s
		}
	}
	if send == nil || send.Count != 60 || send.Evidence != "suspected" ||
		!strings.Contains(send.Site, "profile_test.go:") {
		t.Errorf("chan send suspect: %+v (all: %+v)", send, snap.Suspects)
	}
	if snap.Mode != modeExact {
		t.Errorf("mode %q", snap.Mode)
	}
	if send != nil && !strings.Contains(send.CreatedBy, modulePath+".parkedSet") {
		t.Errorf("created by %q", send.CreatedBy)
	}
	if nilRecv == nil || nilRecv.Count != 2 || nilRecv.NeverWakes != 2 || nilRecv.Evidence != "confirmed" {
		t.Errorf("nil chan suspect: %+v", nilRecv)
	}
	// 5 mutex waiters and 4 selects are below LeakSuspectMin: not suspects (the empty select is, it never wakes).
	for _, s := range snap.Suspects {
		if s.Class == ClassSync || s.Class == ClassSelect && s.Reason != "select (no cases)" {
			t.Errorf("unexpected suspect %+v", s)
		}
	}
	if snap.SuspectGoroutines < 63 {
		t.Errorf("suspect goroutines %d", snap.SuspectGoroutines)
	}
}

// The same goroutines read from runtime.GoroutineProfile records: classes and sites inferred from frames.
func TestInferredSnapshotOfRealParkedGoroutines(t *testing.T) {
	parkedSet(t)
	parkNeverWaking()
	p := testParser()
	want := map[WaitClass]int{ClassChanSend: 60, ClassChanRecv: 2, ClassSync: 5, ClassSelect: 5, ClassSleep: 3}
	waitParked(t, p, want) // parked for the exact reader means parked for the records too
	records := make([]runtime.StackRecord, runtime.NumGoroutine()+100)
	n, ok := runtime.GoroutineProfile(records)
	if !ok {
		t.Fatal("GoroutineProfile: buffer too small")
	}
	snap := p.parseRecords(records[:n])
	if snap.Mode != modeInferred || snap.Total != n {
		t.Fatalf("mode %q total %d of %d", snap.Mode, snap.Total, n)
	}
	for c, min := range want {
		if got := snap.ByClass[classIndex(c)]; got < min {
			t.Errorf("%s: %d goroutines, want >= %d (all %v)", c, got, min, snap.ByClass)
		}
	}
	var send, noCases *Suspect
	for i := range snap.Suspects {
		s := &snap.Suspects[i]
		if s.Class == ClassChanSend && strings.Contains(s.Site, ".parkedSet.func") {
			send = s
		}
		if s.Reason == "select (no cases)" {
			noCases = s
		}
	}
	if send == nil || send.Count != 60 || send.Evidence != "suspected" || send.CreatedBy != "" ||
		!strings.Contains(send.Site, "profile_test.go:") {
		t.Errorf("chan send suspect: %+v (all %+v)", send, snap.Suspects)
	}
	if noCases == nil || noCases.Evidence != "confirmed" || !strings.Contains(noCases.Site, ".parkNeverWaking.") {
		t.Errorf("select (no cases) suspect: %+v", noCases)
	}
	for _, s := range snap.Suspects {
		if s.Class == ClassSync || strings.HasPrefix(s.Site, "runtime.") {
			t.Errorf("unexpected suspect %+v", s)
		}
	}
}

// Header and frame variants from the shared spec §1, as the runtime prints them.
const variantDump = `goroutine 1 gp=0xc000002380 m=0 mp=0x5a1f20 [running]:
main.main()
	/src/app/main.go:10 +0x25

goroutine 7 gp=0xc000102a80 m=nil [select, 12 minutes, locked to thread]:
example.com/app/worker.(*Pool).run(0xc0000a0000)
	/src/app/worker/pool.go:42 +0x85
created by example.com/app/worker.Start in goroutine 1
	/src/app/worker/pool.go:30 +0x3c

goroutine 9 [chan send (leaked)]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:460 +0xce
runtime.chansend1(0x0?, 0x0?)
	/usr/local/go/src/runtime/chan.go:161 +0x18
example.com/app.fetch.func1()
	/src/app/fetch.go:20 +0x2a
created by example.com/app.fetch
	/src/app/fetch.go:18 +0x6f

goroutine 12 [sync.WaitGroup.Wait (durable), 3 minutes, synctest bubble 1]:
sync.(*WaitGroup).Wait(0xc000010000)
	/usr/local/go/src/sync/waitgroup.go:118 +0x48
myapp/internal/jobs.Drain[...](...)
	/src/app/internal/jobs/drain.go:7
...additional frames elided...
created by myapp/internal/jobs.Run in goroutine 3
	/src/app/internal/jobs/run.go:11 +0x3c
[originating from goroutine 3]:
example.com/app.ancestor()
	/src/app/a.go:1 +0x1

goroutine 13 [select (no cases)]: labels:{"component": "poller"}
example.com/app.forever()
	/src/app/forever.go:3 +0x1
`

func TestSnapshotOfHeaderVariants(t *testing.T) {
	p := &profileParser{mainModule: "myapp", ignore: Config{}.withDefaults().SuspectIgnore, leakSuspectMin: 50}
	snap := p.parseTraceback([]byte(variantDump), false)
	if snap.Total != 5 {
		t.Fatalf("total %d", snap.Total)
	}
	want := map[WaitClass]int{ClassRunning: 1, ClassSelect: 2, ClassChanSend: 1, ClassSync: 1}
	for c, n := range want {
		if got := snap.ByClass[classIndex(c)]; got != n {
			t.Errorf("%s: %d, want %d", c, got, n)
		}
	}
	if snap.Leaked != 1 || snap.Parked != 4 || snap.BlockedChannel != 3 {
		t.Errorf("leaked %d parked %d blocked %d", snap.Leaked, snap.Parked, snap.BlockedChannel)
	}
	got := map[string]Suspect{}
	for _, s := range snap.Suspects {
		got[s.Evidence] = s
	}
	if s := got["proven"]; s.Site != "example.com/app.fetch.func1 /src/app/fetch.go:20" ||
		s.CreatedBy != "example.com/app.fetch /src/app/fetch.go:18" || s.Reason != "chan send" {
		t.Errorf("proven suspect: %+v", s)
	}
	if s := got["confirmed"]; s.Site != "example.com/app.forever /src/app/forever.go:3" || s.NeverWakes != 1 {
		t.Errorf("confirmed suspect: %+v", s)
	}
	if len(snap.Suspects) != 2 {
		t.Errorf("suspects: %+v", snap.Suspects)
	}
	// The main module without a dot is user code; ancestors' frames are not the goroutine's own.
	p.leakSuspectMin = 1
	snap = p.parseTraceback([]byte(variantDump), false)
	var wg *Suspect
	for i := range snap.Suspects {
		if snap.Suspects[i].Class == ClassSync {
			wg = &snap.Suspects[i]
		}
	}
	if wg == nil || wg.Site != "myapp/internal/jobs.Drain[...] /src/app/internal/jobs/drain.go:7" ||
		wg.MaxWaitMinutes != 3 || wg.CreatedBy != "myapp/internal/jobs.Run /src/app/internal/jobs/run.go:11" {
		t.Errorf("wait group suspect: %+v", wg)
	}
}

func TestTruncatedDumpDropsThePartialGoroutine(t *testing.T) {
	cut := strings.Index(variantDump, "goroutine 13")
	snap := testParser().parseTraceback([]byte(variantDump[:cut+30]), true)
	if snap.Total != 4 || !snap.Truncated {
		t.Errorf("total %d truncated %v", snap.Total, snap.Truncated)
	}
}
