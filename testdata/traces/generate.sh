#!/usr/bin/env bash
# Rebuilds the execution traces in testdata/traces from testdata/go/traces (runtime/trace.Start in the program):
#   goX.Y/leak.trace     two known leaks: GG001 (main.go fetchQuote, 40 goroutines) and GG002 (main.go shipLogs)
#   goX.Y/healthy.trace  the same workload written correctly: no goroutine it starts is alive at the end
#   goX.Y/test.trace     `go test -trace` of main_test.go: TestQuotes leaks 5 fetchQuote goroutines, TestFixedQuotes none
# Each toolchain builds and runs the program itself (GOTOOLCHAIN=goX.Y.Z, fetched from the module proxy on first
# use). Traces differ between runs in timings and goroutine ids; the sites and counts do not.
#
#   testdata/traces/generate.sh
#   TOOLCHAINS="go1.26.8" testdata/traces/generate.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROG=$(cd "$HERE/../go/traces" && pwd)
TOOLCHAINS=${TOOLCHAINS:-"go1.23.12 go1.25.5 go1.26.8"}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gg-traces.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unset GODEBUG GOEXPERIMENT

for tc in $TOOLCHAINS; do
	minor=$(echo "$tc" | sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/')
	out=$HERE/$minor
	rm -rf "$out" && mkdir -p "$out"
	echo "== $tc" >&2
	(cd "$PROG" && GOTOOLCHAIN=$tc GOFLAGS=-trimpath go build -o "$WORK/traces-$minor" .)
	for mode in leak healthy; do
		"$WORK/traces-$minor" "$mode" "$out/$mode.trace"
	done
	(cd "$PROG" && GOTOOLCHAIN=$tc GOFLAGS=-trimpath go test -count=1 -trace "$out/test.trace" . >&2)
	ls -l "$out" >&2
done
