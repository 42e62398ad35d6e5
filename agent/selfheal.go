package guard

// The self-healing sequence's I/O half (healer.go decides): write the dump set, and only once it is written switch
// the middleware to degraded; user callbacks run from here and from sample.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/pprof"
	"time"
)

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
