#!/usr/bin/env bash
# What `check` costs on top of its two halves: `analyze DUMP`, `scan TREE/...` and `check TREE --dump DUMP` on the
# same inputs, RUNS times each (median wall, max RSS). There is no peer tool that joins static and dynamic results,
# so the halves are the baseline. Run by hand; results go in the "check" section of bench/RESULTS.md.
#
#   bench/check/run.sh                                        # bench/out/g100k.debug2.txt against bench/parse/gen
#   RUNS=5 bench/check/run.sh bench/out/g1m.debug2.txt bench/parse/gen
set -euo pipefail
cd "$(dirname "$0")/../.."
DUMP=${1:-bench/out/g100k.debug2.txt}
TREE=${2:-bench/parse/gen}
RUNS=${RUNS:-3}
GG=${GG:-node bin/goroutine-guard.js}
[ -f "$DUMP" ] || { echo "missing $DUMP: run npm run bench:parse first (it generates bench/out/)" >&2; exit 2; }

measure() { # label, command…
  local label=$1; shift
  local walls=() rss=0
  for _ in $(seq "$RUNS"); do
    local out tmp
    tmp=$(mktemp)
    /usr/bin/time -o "$tmp" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp")
    rm -f "$tmp"
    walls+=("${out% *}")
    local r=${out#* }; (( r > rss )) && rss=$r
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s | %d |\n' "$label" "$median" $((rss / 1024))
}

echo "dump: $DUMP ($(du -h "$DUMP" | cut -f1)), tree: $TREE, runs: $RUNS, $(nproc) cores, $(date -u +%F)"
echo
echo '| command | wall (s, median) | peak RSS (MiB) |'
echo '|---|---|---|'
measure "analyze DUMP" $GG analyze "$DUMP"
measure "scan TREE/..." $GG scan "$TREE/..." --fail-on none
measure "check TREE --dump DUMP" $GG check "$TREE" --dump "$DUMP" --fail-on none
