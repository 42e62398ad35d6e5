// targets simulates a fleet of Go services for the watch benchmark: -n HTTP listeners on 127.0.0.1, each one a
// "service" whose /debug/pprof/goroutine answers with real recorded profiles (profilegen output) in random order, whose
// /metrics answers with the recorded client_golang-style text, and which has no goroutineleak profile (404), like
// a Go 1.26 service built without the experiment. Sizes are assigned by -mix ("g1k:60,g50k:5" = 60 % g1k…).
// Prints one JSON line {"targets":[{"port":…,"profile":"g1k"}…]} once every listener is up.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

var (
	n    = flag.Int("n", 500, "simulated targets")
	dir  = flag.String("profiles", "bench/out/watch/profiles", "profilegen output directory")
	mix  = flag.String("mix", "g1k:60,g5k:25,g20k:10,g50k:5", "profile name:weight, comma-separated")
	hits atomic.Int64
)

type profileSet struct {
	snapshots [][]byte
	metrics   []byte
}

func load(name string) profileSet {
	var ps profileSet
	files, _ := filepath.Glob(filepath.Join(*dir, name+".*.pb.gz"))
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		ps.snapshots = append(ps.snapshots, b)
	}
	if len(ps.snapshots) == 0 {
		fail(fmt.Errorf("no %s.*.pb.gz in %s (run profilegen)", name, *dir))
	}
	m, err := os.ReadFile(filepath.Join(*dir, name+".metrics.txt"))
	if err != nil {
		fail(err)
	}
	ps.metrics = m
	return ps
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "targets:", err)
	os.Exit(1)
}

type target struct {
	Port    int    `json:"port"`
	Profile string `json:"profile"`
	set     profileSet
	next    atomic.Int64
}

func (t *target) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hits.Add(1)
	switch r.URL.Path {
	case "/debug/pprof/goroutine":
		// Snapshots in a random order: counts wander within ±5 % like a busy but healthy service's, so the
		// benchmark measures scraping, not a storm of alerts (a steady rotation would look like a sawtooth leak).
		i := t.next.Add(1)
		k := int(uint64(i*2654435761+int64(t.Port)*40503) % 1000003 % uint64(len(t.set.snapshots)))
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(t.set.snapshots[k])
	case "/metrics":
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		_, _ = w.Write(t.set.metrics)
	case "/hits":
		_, _ = w.Write([]byte(strconv.FormatInt(hits.Load(), 10)))
	default:
		http.NotFound(w, r)
	}
}

func main() {
	flag.Parse()
	type weighted struct {
		name   string
		weight int
	}
	var ws []weighted
	total := 0
	sets := map[string]profileSet{}
	for _, part := range strings.Split(*mix, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), ":")
		weight, err := strconv.Atoi(w)
		if !ok || err != nil || weight <= 0 {
			fail(fmt.Errorf("bad -mix entry %q", part))
		}
		ws = append(ws, weighted{name, weight})
		total += weight
		sets[name] = load(name)
	}
	var targets []*target
	for i := 0; i < *n; i++ {
		// Spread sizes evenly over the index range (not in blocks), so any prefix of targets has the same mix.
		k := (i * 7919) % total
		name := ws[len(ws)-1].name
		for _, w := range ws {
			if k < w.weight {
				name = w.name
				break
			}
			k -= w.weight
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fail(err)
		}
		t := &target{Port: ln.Addr().(*net.TCPAddr).Port, Profile: name, set: sets[name]}
		targets = append(targets, t)
		go func() { _ = http.Serve(ln, t) }()
	}
	b, _ := json.Marshal(map[string]any{"targets": targets})
	fmt.Println(string(b))
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
}
