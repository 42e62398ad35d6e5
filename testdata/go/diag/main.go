// Command diagdemo makes the dumps goroutine-guard's diagnosis is tested on (testdata/dumps/diag, see
// docs/testdata.md): ticker leaks written three ways, a channel send and a channel receive for debug=1, and a
// service whose leak grows over a few samples while the same goroutines stay stuck.
//
//	diagdemo -scenario tickers -out DIR            DIR/tickers.debug1.txt, DIR/tickers.debug2.txt
//	diagdemo -scenario growth -out DIR -samples 4  DIR/goroutine_<unix-ms>.txt, one per sample
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

func main() {
	scenario := flag.String("scenario", "tickers", "tickers or growth")
	out := flag.String("out", ".", "output directory")
	samples := flag.Int("samples", 4, "growth: samples to write")
	every := flag.Duration("every", time.Second, "growth: time between samples")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	switch *scenario {
	case "tickers":
		startTickers()
		settle()
		for _, debug := range []int{1, 2} {
			write(filepath.Join(*out, fmt.Sprintf("tickers.debug%d.txt", debug)), debug)
		}
	case "growth":
		growth(*out, *samples, *every)
	default:
		fail(fmt.Errorf("unknown scenario %q", *scenario))
	}
}

// settle lets every started goroutine reach its blocking point.
func settle() {
	for i := 0; i < 50; i++ {
		runtime.Gosched()
		time.Sleep(2 * time.Millisecond)
	}
}

func write(file string, debug int) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, debug); err != nil {
		fail(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "diagdemo:", err)
	os.Exit(1)
}
