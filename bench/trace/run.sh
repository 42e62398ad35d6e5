#!/usr/bin/env bash
# `analyze big.trace` vs `go tool trace` on the same large execution trace, paired in one run: wall and CPU time,
# MB/s (of wall and of CPU time) and peak RSS (GNU time's %M: the largest process of each command; for analyze that
# is the larger of node and the gg-analyzer helper it runs; for `go tool trace` the trace tool it starts).
#   go tool trace -d=parsed    Go 1.26's only non-interactive mode that runs the full parser (it prints every event;
#                              -d=wire and -d=footprint read the raw wire format only)
#   gg-analyzer trace alone    the helper without node
#   go tool trace -http        (HTTP=1) time and peak RSS until the web UI is ready: the full parse, held in memory
# The trace is generated here (bench/trace/gen, MB megabytes, not committed).
#
#   bench/trace/run.sh                       # generates ${TMPDIR:-/tmp}/gg-bench.trace (200 MB) if missing, 2 rounds
#   MB=30 ROUNDS=1 HTTP=1 bench/trace/run.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MB=${MB:-200}
ROUNDS=${ROUNDS:-2}
HTTP=${HTTP:-0}
TRACE=${TRACE:-${TMPDIR:-/tmp}/gg-bench-$MB.trace}
[ -s "$TRACE" ] || (cd "$HERE/gen" && go run . -mb "$MB" -o "$TRACE")
BYTES=$(stat -c %s "$TRACE")
export GOROUTINE_GUARD_CACHE=${GOROUTINE_GUARD_CACHE:-$(mktemp -d)}
# Build the helper once (first use, with the current GOCACHE), outside the timings.
/usr/bin/time -f "first-use build: %e s" node "$REPO/bin/goroutine-guard.js" analyze "$REPO/testdata/traces/go1.26/leak.trace" >/dev/null
HELPER=$(ls "$GOROUTINE_GUARD_CACHE"/gg-analyzer-* | head -1)
echo "trace: $TRACE ($BYTES bytes); $(go version); node $(node --version); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
row() { # name wall user sys kb
	awk -v n="$1" -v w="$2" -v u="$3" -v s="$4" -v kb="$5" -v b="$BYTES" 'BEGIN {
		printf "| %s | %.1f | %.1f | %.1f | %.1f | %.0f |\n", n, w, u + s, b / 1048576 / w, b / 1048576 / (u + s), kb / 1024 }'
}
timed() { # wall user sys kb of one command, its own output discarded
	local tf
	tf=$(mktemp)
	/usr/bin/time -o "$tf" -f "%e %U %S %M" "$@" >/dev/null 2>&1
	tail -1 "$tf"
	rm -f "$tf"
}
http_ready() { # seconds, cpu and peak RSS of `go tool trace -http` until it listens
	local log t0 gopid child
	log=$(mktemp)
	t0=$(date +%s.%N)
	go tool trace -http=127.0.0.1:0 "$TRACE" >"$log" 2>&1 &
	gopid=$!
	until grep -q listening "$log"; do sleep 0.2; done
	child=$(pgrep -P "$gopid" | head -1)
	echo "$(echo "$(date +%s.%N) - $t0" | bc) $(awk '{print $14/100, $15/100}' /proc/"$child"/stat) $(awk '/VmHWM/ {print $2}' /proc/"$child"/status)"
	kill "$child" "$gopid" 2>/dev/null || true
	wait "$gopid" 2>/dev/null || true
	rm -f "$log"
}
echo "| command | wall (s) | CPU (s) | MB/s wall | MB/s CPU | peak RSS (MB) |"
echo "|---|--:|--:|--:|--:|--:|"
for r in $(seq "$ROUNDS"); do
	row "goroutine-guard analyze (round $r)" $(timed node "$REPO/bin/goroutine-guard.js" analyze "$TRACE" -f json -o /dev/null)
	row "go tool trace -d=parsed (round $r)" $(timed go tool trace -d=parsed "$TRACE")
	row "gg-analyzer trace alone (round $r)" $(timed "$HELPER" trace "$TRACE")
	if [ "$HTTP" = 1 ]; then row "go tool trace -http, until ready (round $r)" $(http_ready); fi
done
