// Command panicparse is the maruel/panicparse/v2 library peer: stack.ScanSnapshot over the file (no path
// guessing, no source analysis, no argument naming — the cheapest options), then Snapshot.Aggregate with the
// chosen similarity (default AnyPointer, as pp uses).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/maruel/panicparse/v2/stack"

	"goroutine-guard/bench/parse/peers/internal/report"
)

func main() {
	sim := flag.String("similarity", "pointer", "exact | pointer (stack.AnyPointer) | value (stack.AnyValue)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: panicparse [-similarity exact|pointer|value] <dump-file>")
		os.Exit(2)
	}
	similarity := map[string]stack.Similarity{"exact": stack.ExactFlags, "pointer": stack.AnyPointer,
		"value": stack.AnyValue}[*sim]
	path := flag.Arg(0)
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	opts := &stack.Opts{}
	goroutines, buckets, errCount := 0, 0, 0
	var in io.Reader = f
	var parsedAt time.Time
	var snaps []*stack.Snapshot
	for {
		snap, suffix, err := stack.ScanSnapshot(in, io.Discard, opts)
		if snap != nil {
			snaps = append(snaps, snap)
			goroutines += len(snap.Goroutines)
		}
		if err == nil {
			in = io.MultiReader(bytes.NewReader(suffix), in)
			continue
		}
		if !errors.Is(err, io.EOF) {
			errCount++
			fmt.Fprintln(os.Stderr, "panicparse:", err)
		}
		break
	}
	parsedAt = time.Now()
	// On a big dump Aggregate (O(goroutines × buckets)) may not finish within run.sh's timeout: say on stderr how
	// far parsing alone got, so a timed-out run still tells its parse cost.
	fmt.Fprintf(os.Stderr, "panicparse: parsed %d goroutines in %.1fs, peak RSS %d KiB; aggregating\n",
		goroutines, parsedAt.Sub(start).Seconds(), report.PeakRSSKiB())
	for _, s := range snaps {
		buckets += len(s.Aggregate(similarity).Buckets)
	}
	report.Print(report.Result{Tool: "panicparse-lib", File: path, Goroutines: goroutines, Buckets: buckets,
		Errors: errCount}, start, parsedAt)
}
