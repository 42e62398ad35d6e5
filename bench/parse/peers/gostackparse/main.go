// Command gostackparse is the DataDog/gostackparse peer: Parse the whole file, then group goroutines by their
// stack (function, file, line of every frame plus the creator frame) with a hashed key — the obvious way a user
// of that library buckets a dump.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/DataDog/gostackparse"

	"goroutine-guard/bench/parse/peers/internal/report"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gostackparse <dump-file>")
		os.Exit(2)
	}
	path := os.Args[1]
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	goroutines, errs := gostackparse.Parse(bufio.NewReaderSize(f, 1<<20))
	parsed := time.Now()

	buckets := make(map[string]int)
	var sb strings.Builder
	for _, g := range goroutines {
		sb.Reset()
		for _, fr := range g.Stack {
			writeFrame(&sb, fr)
		}
		if g.CreatedBy != nil {
			sb.WriteString("created by ")
			writeFrame(&sb, g.CreatedBy)
		}
		buckets[sb.String()]++
	}
	report.Print(report.Result{Tool: "gostackparse", File: path, Goroutines: len(goroutines), Buckets: len(buckets),
		Errors: len(errs)}, start, parsed)
}

func writeFrame(sb *strings.Builder, fr *gostackparse.Frame) {
	sb.WriteString(fr.Func)
	sb.WriteByte(' ')
	sb.WriteString(fr.File)
	sb.WriteByte(':')
	sb.WriteString(strconv.Itoa(fr.Line))
	sb.WriteByte('\n')
}
