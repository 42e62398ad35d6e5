#!/usr/bin/env bash
# `analyze big.trace` vs `go tool trace -d=parsed` on the same large execution trace, paired in one run:
# wall time, MB/s and peak RSS (GNU time's %M: the largest process of each command; for analyze that is the larger
# of node and the gg-analyzer helper it runs). The helper alone is timed too. The trace is generated here
# (bench/trace/gen, about 200 MB, not committed).
#
#   bench/trace/run.sh            # generates /tmp/gg-bench.trace if missing, then 2 rounds
#   MB=300 ROUNDS=3 bench/trace/run.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MB=${MB:-200}
ROUNDS=${ROUNDS:-2}
TRACE=${TRACE:-${TMPDIR:-/tmp}/gg-bench.trace}
[ -s "$TRACE" ] || (cd "$HERE/gen" && go run . -mb "$MB" -o "$TRACE")
BYTES=$(stat -c %s "$TRACE")
export GOROUTINE_GUARD_CACHE=${GOROUTINE_GUARD_CACHE:-$(mktemp -d)}
# Build the helper once (first use), outside the timings; its build time is measured here.
/usr/bin/time -f "first-use build: %e s" node "$REPO/bin/goroutine-guard.js" analyze "$REPO/testdata/traces/go1.26/leak.trace" >/dev/null
HELPER=$(ls "$GOROUTINE_GUARD_CACHE"/gg-analyzer-* | head -1)
echo "trace: $TRACE ($BYTES bytes); $(go version); node $(node --version); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
row() { # name seconds kb
	awk -v n="$1" -v s="$2" -v kb="$3" -v b="$BYTES" 'BEGIN { printf "| %s | %.1f | %.1f | %.0f |\n", n, s, b / 1048576 / s, kb / 1024 }'
}
echo "| command | wall (s) | MB/s | peak RSS (MB) |"
echo "|---|--:|--:|--:|"
for r in $(seq "$ROUNDS"); do
	for cmd in ours gotool helper; do
		case $cmd in
		ours) out=$( { /usr/bin/time -f "%e %M" node "$REPO/bin/goroutine-guard.js" analyze "$TRACE" -f json -o /dev/null; } 2>&1 | tail -1) ;;
		gotool) out=$( { /usr/bin/time -f "%e %M" go tool trace -d=parsed "$TRACE" >/dev/null; } 2>&1 | tail -1) ;;
		helper) out=$( { /usr/bin/time -f "%e %M" "$HELPER" trace "$TRACE" >/dev/null; } 2>&1 | tail -1) ;;
		esac
		name=$(case $cmd in ours) echo "goroutine-guard analyze (round $r)";; gotool) echo "go tool trace -d=parsed (round $r)";; helper) echo "gg-analyzer trace alone (round $r)";; esac)
		row "$name" $out
	done
done
