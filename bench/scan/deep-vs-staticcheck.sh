#!/usr/bin/env bash
# Deep scan (gg-analyzer) of GOROOT/src's std against staticcheck on the same packages, in one run, cold
# (empty GOCACHE) and warm (the same GOCACHE again, RUNS rounds alternating). Each tool gets its own cold cache.
# Prints wall seconds, CPU seconds (user+sys of the process tree, GNU time) and peak RSS; medians of the warm rounds.
# staticcheck keeps its own cache under XDG_CACHE_HOME: that is per run too. On a loaded machine staticcheck's cold
# run of std can take most of an hour: SC_WARM=<dir> reuses a staticcheck cache warmed beforehand (XDG_CACHE_HOME
# = <dir>, GOCACHE = <dir>-gocache, or SC_GOCACHE) and skips its cold run. SC_CHECKS (default all) is -checks.
# Usage: [RUNS=3] [SC_WARM=dir] bench/scan/deep-vs-staticcheck.sh [gg-analyzer binary] [staticcheck binary]
set -euo pipefail
GGA=${1:-$(ls -t "${GOROUTINE_GUARD_CACHE:-$HOME/.cache/goroutine-guard}"/gg-analyzer-* | head -1)}
SC=${2:-$(go env GOPATH)/bin/staticcheck}
SRC=$(go env GOROOT)/src
RUNS=${RUNS:-3}
CHECKS=${SC_CHECKS:-all}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# run NAME GOCACHE XDG_CACHE_HOME CMD... → a row on stdout and "name wall cpu rss" in $work/rows
run() {
  local name=$1 cache=$2 xdg=$3
  shift 3
  (cd "$SRC" && GOCACHE=$cache XDG_CACHE_HOME=$xdg /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >"$work/out" 2>"$work/err") || true
  read -r wall user sys rss < <(tail -1 "$work/t")
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
  echo "$name $wall $cpu $((rss / 1024))" >>"$work/rows"
  printf '%-22s %8.1f s wall %8.2f s CPU %6d MB   (load %s)\n' "$name" "$wall" "$cpu" "$((rss / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "$(go version) · $(nproc) cores · $(date -u +%FT%TZ) · std ($(cd "$SRC" && go list std | wc -l) packages) · $("$SC" -version) -checks $CHECKS"
run "deep cold" "$work/c1" "$work/c1.xdg" "$GGA" scan std
if [ -n "${SC_WARM:-}" ]; then
  sc_cache=${SC_GOCACHE:-$SC_WARM-gocache}
  sc_xdg=$SC_WARM
else
  sc_cache=$work/c2
  sc_xdg=$work/c2.xdg
  run "staticcheck cold" "$sc_cache" "$sc_xdg" "$SC" -checks "$CHECKS" std
fi
for _ in $(seq 1 "$RUNS"); do
  run "deep warm" "$work/c1" "$work/c1.xdg" "$GGA" scan std
  run "staticcheck warm" "$sc_cache" "$sc_xdg" "$SC" -checks "$CHECKS" std
done
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for n in "deep warm" "staticcheck warm"; do
  echo "median $n: $(grep "^$n " "$work/rows" | awk '{print $3}' | median) s wall, $(grep "^$n " "$work/rows" | awk '{print $4}' | median) s CPU"
done
