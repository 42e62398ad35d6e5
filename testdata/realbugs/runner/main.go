// Command runner proves the realbugs corpus at run time. For every kernel it runs the bad and the fixed scenario
// (each package exports Run) in a fresh goroutine, lets the program settle, and reads all goroutine stacks:
//
//   - bad: every `// BLOCKS: <category>` marker in bad/bad.go must hold a goroutine parked there — the first frame of
//     that goroutine in bad.go is at the marked line and its wait reason fits the category;
//   - fixed: Run must return, and no goroutine may be left with a frame in fixed/fixed.go.
//
// It prints one JSON object per kernel and version and exits 1 when a kernel does not behave. Run it from the
// module root (testdata/realbugs): `go run ./runner [-settle 400ms] [ids...]`. `go run ./runner -sites` instead
// rewrites the "blocking sites" column of MANIFEST.md from the markers and runs nothing; `-dump FILE` also saves
// the dump it read (runner/dumps.sh writes one per kernel into testdata/dumps/realbugs).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

type kernel struct {
	id         string
	bad, fixed func()
}

var kernels []kernel

func register(id string, bad, fixed func()) { kernels = append(kernels, kernel{id, bad, fixed}) }

// waitReasons: the runtime's wait reasons (goroutine header) each marker category accepts.
var waitReasons = map[string][]string{
	"mutex":     {"sync.Mutex.Lock"},
	"rwmutex":   {"sync.RWMutex.RLock", "sync.RWMutex.Lock", "sync.Mutex.Lock"},
	"chan-send": {"chan send", "chan send (nil chan)"},
	"chan-recv": {"chan receive", "chan receive (nil chan)"},
	"waitgroup": {"sync.WaitGroup.Wait"},
	"cond":      {"sync.Cond.Wait"},
	"select":    {"select", "select (no cases)"},
}

var markerRE = regexp.MustCompile(`//\s*BLOCKS:\s*([a-z-]+)`)

type marker struct {
	Line     int    `json:"line"`
	Category string `json:"category"`
	Reason   string `json:"reason,omitempty"`
}

type result struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	Returned bool   `json:"returned"` // bad: a leak returns to the caller, a deadlock does not

	Markers []marker `json:"markers,omitempty"`
	Missing []marker `json:"missing,omitempty"`
	Left    int      `json:"leftover"`
	OK      bool     `json:"ok"`
	Problem string   `json:"problem,omitempty"`
}

func readMarkers(file string) ([]marker, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []marker
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if m := markerRE.FindStringSubmatch(sc.Text()); m != nil {
			if _, ok := waitReasons[m[1]]; !ok {
				return nil, fmt.Errorf("%s:%d: unknown BLOCKS category %q", file, n, m[1])
			}
			out = append(out, marker{Line: n, Category: m[1]})
		}
	}
	return out, sc.Err()
}

// parked is one goroutine's wait reason and the line of its first (innermost) frame in the given file.
type parked struct {
	reason string
	line   int
}

func stacks() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

var headerRE = regexp.MustCompile(`^goroutine \d+ \[([^\],]+)`)
var fileRE = regexp.MustCompile(`^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?$`)

func parkedIn(dump, suffix string) []parked {
	var out []parked
	for _, g := range strings.Split(dump, "\n\n") {
		lines := strings.Split(g, "\n")
		h := headerRE.FindStringSubmatch(lines[0])
		if h == nil {
			continue
		}
		for _, l := range lines[1:] {
			m := fileRE.FindStringSubmatch(l)
			if m != nil && strings.HasSuffix(filepath.ToSlash(m[1]), suffix) {
				n, _ := strconv.Atoi(m[2])
				out = append(out, parked{reason: h[1], line: n})
				break
			}
		}
	}
	return out
}

func start(f func()) chan struct{} {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	return done
}

func returned(done chan struct{}, within time.Duration) bool {
	if within == 0 {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	select {
	case <-done:
		return true
	case <-time.After(within):
		return false
	}
}

func main() {
	settle := flag.Duration("settle", 400*time.Millisecond, "time the scenarios get before the stacks are read")
	sites := flag.Bool("sites", false, "rewrite MANIFEST.md's blocking-sites column from the markers, then exit")
	dumpTo := flag.String("dump", "", "also write the goroutine dump the checks read (runtime.Stack of all goroutines) to this file")
	flag.Parse()
	if *sites {
		if err := rewriteManifestSites("MANIFEST.md"); err != nil {
			fmt.Fprintln(os.Stderr, "runner:", err)
			os.Exit(1)
		}
		return
	}
	want := map[string]bool{}
	for _, a := range flag.Args() {
		want[a] = true
	}
	sort.Slice(kernels, func(i, j int) bool { return kernels[i].id < kernels[j].id })

	// Every kernel directory must be registered (and every registered kernel must exist).
	dirs, _ := filepath.Glob("*/bad/bad.go")
	registered := map[string]bool{}
	for _, k := range kernels {
		registered[k.id] = true
	}
	failed := false
	for _, d := range dirs {
		if id := strings.Split(filepath.ToSlash(d), "/")[0]; !registered[id] {
			fmt.Fprintf(os.Stderr, "runner: %s is not registered in runner/registry.go\n", id)
			failed = true
		}
	}

	var run []kernel
	for _, k := range kernels {
		if len(want) == 0 || want[k.id] {
			run = append(run, k)
		}
	}
	// All scenarios run at once: each uses only its own package's state, and the waits overlap.
	badDone := map[string]chan struct{}{}
	fixedDone := map[string]chan struct{}{}
	for _, k := range run {
		badDone[k.id] = start(k.bad)
		fixedDone[k.id] = start(k.fixed)
	}
	time.Sleep(*settle)
	fixedReturned := map[string]bool{}
	for _, k := range run {
		fixedReturned[k.id] = returned(fixedDone[k.id], 5*time.Second)
	}
	time.Sleep(*settle / 4)
	dump := stacks()
	if *dumpTo != "" {
		if err := os.WriteFile(*dumpTo, []byte(dump), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "runner:", err)
			os.Exit(1)
		}
	}

	enc := json.NewEncoder(os.Stdout)
	for _, k := range run {
		markers, err := readMarkers(filepath.Join(k.id, "bad", "bad.go"))
		r := result{ID: k.id, Version: "bad", Returned: returned(badDone[k.id], 0), OK: true}
		if err != nil {
			r.OK, r.Problem = false, err.Error()
		} else if len(markers) == 0 {
			r.OK, r.Problem = false, "bad.go has no // BLOCKS: marker"
		}
		ps := parkedIn(dump, "/"+k.id+"/bad/bad.go")
		for _, m := range markers {
			found := false
			for _, p := range ps {
				if p.line == m.Line && fits(m.Category, p.reason) {
					m.Reason, found = p.reason, true
					break
				}
			}
			r.Markers = append(r.Markers, m)
			if !found {
				r.Missing = append(r.Missing, m)
				r.OK = false
			}
		}
		r.Left = len(ps)
		_ = enc.Encode(r)
		failed = failed || !r.OK

		f := result{ID: k.id, Version: "fixed", Returned: fixedReturned[k.id]}
		f.Left = len(parkedIn(dump, "/"+k.id+"/fixed/fixed.go"))
		f.OK = f.Returned && f.Left == 0
		if !f.OK {
			f.Problem = "fixed scenario did not return or left goroutines behind"
		}
		_ = enc.Encode(f)
		failed = failed || !f.OK
	}
	if failed {
		os.Exit(1)
	}
}

func fits(category, reason string) bool {
	for _, r := range waitReasons[category] {
		if r == reason {
			return true
		}
	}
	return false
}

// rewriteManifestSites sets the fourth column of every kernel row of the manifest ("| id | source | category |
// sites | bug |") to the markers of that kernel's bad.go, as "L<line> <category>, ...".
func rewriteManifestSites(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		cols := strings.Split(l, " | ")
		if !strings.HasPrefix(l, "| ") || len(cols) < 5 {
			continue
		}
		id := strings.TrimPrefix(cols[0], "| ")
		markers, err := readMarkers(filepath.Join(id, "bad", "bad.go"))
		if err != nil {
			continue // the header row, or not a kernel
		}
		var s []string
		for _, m := range markers {
			s = append(s, fmt.Sprintf("L%d %s", m.Line, m.Category))
		}
		cols[3] = strings.Join(s, ", ")
		lines[i] = strings.Join(cols, " | ")
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}
