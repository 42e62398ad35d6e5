#!/usr/bin/env bash
# Deep scan (gg-analyzer) of GOROOT/src's std against staticcheck on the same packages, in one run, cold
# (empty GOCACHE) and warm (the same GOCACHE again). Each tool gets its own cold cache. Prints wall seconds
# and peak RSS. staticcheck keeps its own cache under XDG_CACHE_HOME: that is per run too. Usage: bench/scan/deep-vs-staticcheck.sh [gg-analyzer binary] [staticcheck binary]
set -euo pipefail
GGA=${1:-$(ls -t "${GOROUTINE_GUARD_CACHE:-$HOME/.cache/goroutine-guard}"/gg-analyzer-* | head -1)}
SC=${2:-$(go env GOPATH)/bin/staticcheck}
SRC=$(go env GOROOT)/src
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # name cache cmd...
  local name=$1 cache=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  (cd "$SRC" && GOCACHE=$cache XDG_CACHE_HOME=$cache.xdg /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/out" 2>"$work/err") || true
  t1=$(date +%s.%N)
  printf '%-22s %7.1f s  %6d MB\n' "$name" "$(echo "$t1 - $t0" | bc)" "$(( $(tail -1 "$work/rss") / 1024 ))"
}
echo "$(go version) · $(nproc) cores · $(date -u +%FT%TZ) · std ($(cd "$SRC" && go list std | wc -l) packages)"
run "deep cold" "$work/c1" "$GGA" scan std
run "deep warm" "$work/c1" "$GGA" scan std
run "staticcheck cold" "$work/c2" "$SC" -checks all std
run "staticcheck warm" "$work/c2" "$SC" -checks all std
