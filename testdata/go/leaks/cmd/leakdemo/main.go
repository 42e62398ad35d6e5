// Command leakdemo starts goroutines reproducing the goroutine-guard leak patterns (GG001–GG015),
// benign goroutines and odd stack shapes, then writes the goroutine dumps a real runtime produces
// (pprof goroutine debug 0/1/2, runtime.Stack, and the goroutineleak profile where the toolchain
// has it), then exits, panics (crash dumps) or waits for a signal (SIGQUIT dumps).
// It is the source of testdata/dumps; see testdata/dumps/generate.sh.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"example.com/leaks/patterns"
)

// hangStop releases the "slow backend" handlers; it is never closed while dumps are taken.
var hangStop = make(chan struct{})

func newBackend() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-hangStop:
		}
	})
	mux.HandleFunc("/fast", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	return httptest.NewServer(mux)
}

func needsBackend(list string) bool {
	l := strings.ToLower(list)
	return strings.Contains(l, "all") || strings.Contains(l, "gg009") || strings.Contains(l, "gg010") ||
		strings.Contains(l, "clean")
}

type dumpFile struct {
	suffix  string
	profile string
	debug   int
}

func writeProfile(dir, name string, f dumpFile) error {
	p := pprof.Lookup(f.profile)
	if p == nil {
		return nil // goroutineleak is absent before Go 1.26 (and in 1.26 without the experiment)
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, f.debug); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+f.suffix), buf.Bytes(), 0o644)
}

func writeStack(dir, name string) error {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return os.WriteFile(filepath.Join(dir, name+".stack.txt"), buf[:n], 0o644)
		}
		buf = make([]byte, 2*len(buf))
	}
}

func writeDumps(dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Plain goroutine profile first: the goroutineleak request below runs a leak-detecting GC
	// that marks goroutines (leaked) for good, which later plain dumps then show too.
	for _, f := range []dumpFile{{".debug0.pb.gz", "goroutine", 0}, {".debug1.txt", "goroutine", 1}, {".debug2.txt", "goroutine", 2}} {
		if err := writeProfile(dir, name, f); err != nil {
			return err
		}
	}
	if err := writeStack(dir, name); err != nil {
		return err
	}
	if pprof.Lookup("goroutineleak") == nil {
		return nil
	}
	for _, f := range []dumpFile{{".leak.debug0.pb.gz", "goroutineleak", 0}, {".leak.debug1.txt", "goroutineleak", 1}, {".leak.debug2.txt", "goroutineleak", 2}} {
		if err := writeProfile(dir, name, f); err != nil {
			return err
		}
	}
	return writeProfile(dir, name, dumpFile{".after-leak.debug2.txt", "goroutine", 2})
}

type healthError struct{ failures int }

func (e *healthError) Error() string {
	return fmt.Sprintf("leakdemo: giving up after %d failed health checks", e.failures)
}

func crash(failures int) {
	panic(&healthError{failures: failures})
}

func main() {
	pattern := flag.String("pattern", "all", "comma-separated scenarios: "+strings.Join(patterns.Names(), ", "))
	out := flag.String("out", "", "directory for the dumps (none written when empty)")
	name := flag.String("name", "", "file name prefix of the dumps (default: the -pattern value, lowercased)")
	settle := flag.Duration("settle", 300*time.Millisecond, "time for the goroutines to reach their blocking points")
	hold := flag.Duration("hold", 0, "extra time blocked before dumping, after a GC (>= 1m makes ', N minutes' appear)")
	then := flag.String("then", "exit", "after dumping: exit | panic | wait (print 'ready', block for a signal)")
	flag.Parse()

	scenarios, unknown := patterns.Lookup(*pattern)
	if len(unknown) > 0 || len(scenarios) == 0 {
		fmt.Fprintf(os.Stderr, "leakdemo: unknown -pattern %q; known: %s\n", strings.Join(unknown, ","), strings.Join(patterns.Names(), ", "))
		os.Exit(2)
	}
	env := &patterns.Env{}
	if needsBackend(*pattern) {
		backend := newBackend()
		env.HangURL = backend.URL + "/hang"
		env.FastURL = backend.URL + "/fast"
	}
	for _, s := range scenarios {
		s.Start(env)
	}

	time.Sleep(*settle)
	// A GC stamps each blocked goroutine's waitsince, and without it no ", N minutes" ever shows.
	// It stamps the start of the PREVIOUS cycle's mark termination (runtime.gcMark sets
	// work.tstart after markroot ran), which is 0 — "unset" — during the first cycle: two GCs.
	runtime.GC()
	runtime.GC()
	if *hold > 0 {
		time.Sleep(*hold)
	}

	if *out != "" {
		n := *name
		if n == "" {
			n = strings.ToLower(strings.ReplaceAll(*pattern, ",", "+"))
		}
		if err := writeDumps(*out, n); err != nil {
			fmt.Fprintln(os.Stderr, "leakdemo:", err)
			os.Exit(1)
		}
	}

	switch *then {
	case "exit":
	case "panic":
		crash(3)
	case "wait":
		fmt.Println("ready")
		time.Sleep(10 * time.Minute) // bounded: an interrupted generate.sh leaves no long-lived process
	default:
		fmt.Fprintf(os.Stderr, "leakdemo: unknown -then %q\n", *then)
		os.Exit(2)
	}
}
