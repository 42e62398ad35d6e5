// Package patterns reproduces, one file per pattern, the goroutine leaks GG001–GG015 of the
// goroutine-guard catalogue (shared/spec.md §3) in the shapes they take in real services, plus
// benign long-lived goroutines and odd stack shapes, so that real runtimes produce the dumps the
// parser and the analysis are tested on. Every leaking starter returns once its goroutines are
// started; nothing here keeps the leaked channels, mutexes or wait groups reachable from a global,
// so the goroutineleak profile (Go ≥ 1.26) can prove them.
package patterns

import (
	"sort"
	"strings"
)

// Env carries what a starter needs from its host program.
type Env struct {
	// HangURL answers only when the test server shuts down (a slow backend).
	HangURL string
	// FastURL answers at once with a small body.
	FastURL string
}

// Starter starts goroutines for one scenario and returns when they are started (not finished).
type Starter func(env *Env)

// Scenario is one selectable -pattern value.
type Scenario struct {
	Name  string
	About string
	Start Starter
}

var scenarios = []Scenario{
	{"GG001", "handler returns on timeout; worker blocks sending its result on an unbuffered chan", startGG001},
	{"GG002", "worker pool ranging over a jobs chan nobody closes", startGG002},
	{"GG003", "component loop: for { select {...} } with no exit case", startGG003},
	{"GG004", "ticker loop never stopped", startGG004},
	{"GG005", "time.After inside a hot select loop", startGG005},
	{"GG006", "time.AfterFunc callback blocks on a chan nobody reads", startGG006},
	{"GG007", "goroutine started with context.Background() inside a request; cancel never called", startGG007},
	{"GG008", "WaitGroup Done skipped on an early return; Wait blocks forever", startGG008},
	{"GG009", "http client without timeout against a backend that never answers", startGG009},
	{"GG010", "http response body never closed", startGG010},
	{"GG011", "goroutines started from a loop and from a defer, blocking at one site", startGG011},
	{"GG012", "mutex not unlocked on an error path; waiters pile up", startGG012},
	{"GG013", "send and receive on nil channels", startGG013},
	{"GG014", "select {} in a non-main goroutine", startGG014},
	{"GG015", "first-result-wins: N senders, one receive", startGG015},
	{"benign", "long-lived goroutines that are not leaks (http.Server, signal.Notify, bounded pool, sleeper)", startBenign},
	{"shapes", "stack shapes: deep recursion, generics, closures, methods, locked thread, labels, syscall, sync.Cond", startShapes},
	{"clean", "fixed versions of GG001/002/003/008/010/015 that leave nothing behind, plus benign", startClean},
}

// Lookup resolves a comma-separated -pattern list. "all" is GG001–GG015 plus benign.
func Lookup(list string) ([]Scenario, []string) {
	var out []Scenario
	var unknown []string
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
		case strings.EqualFold(name, "all"):
			for _, s := range scenarios {
				if strings.HasPrefix(s.Name, "GG") || s.Name == "benign" {
					out = append(out, s)
				}
			}
		default:
			found := false
			for _, s := range scenarios {
				if strings.EqualFold(s.Name, name) {
					out = append(out, s)
					found = true
				}
			}
			if !found {
				unknown = append(unknown, name)
			}
		}
	}
	return out, unknown
}

// Names lists the selectable scenario names, sorted.
func Names() []string {
	names := []string{"all"}
	for _, s := range scenarios {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	return names
}
