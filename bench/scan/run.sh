#!/usr/bin/env bash
# Static scan benchmark: wall time and peak RSS of `goroutine-guard scan ./...` against `staticcheck ./...` and
# `go vet ./...` on the same tree (default: the Go standard library, $(go env GOROOT)/src), in one run.
# Go tools run with a fresh GOCACHE (and staticcheck with a fresh cache dir), so every tool starts cold, as
# goroutine-guard, which keeps no cache, always does. Also prints goroutine-guard's findings per rule.
#
#   bench/scan/run.sh [tree] [runs]
# Needs /usr/bin/time (GNU). staticcheck: GOBIN=/tmp/gobin go install honnef.co/go/tools/cmd/staticcheck@v0.7.0
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tree=${1:-$(go env GOROOT)/src}
runs=${2:-3}
staticcheck=${STATICCHECK:-$(command -v staticcheck || echo /tmp/gobin/staticcheck)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f "$here/dist/cli/main.js" ] || (cd "$here" && npx tsc -p tsconfig.json)

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(go version); node $(node --version); $(date -u +%F)"
echo "# tree: $tree ($(cd "$tree" && go list -m 2>/dev/null || echo '?'))"

# measure NAME CMD... → appends "name wall_s rss_mib exit" to $out/results
measure() {
  local name=$1
  shift
  local t="$out/time.$name.$RANDOM"
  set +e
  (cd "$tree" && /usr/bin/time -v -o "$t" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr")
  local rc=$?
  set -e
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$t")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$t")
  echo "$name $wall $rss $rc" >>"$out/results"
  echo "  $name: ${wall}s, ${rss} MiB peak RSS, exit $rc" >&2
}

for i in $(seq 1 "$runs"); do
  measure goroutine-guard node "$here/bin/goroutine-guard.js" scan ./... --format json -o "$out/gg.json" --fail-on none
done
if [ -x "$staticcheck" ]; then
  for i in $(seq 1 "$runs"); do
    cache=$(mktemp -d)
    measure staticcheck env GOCACHE="$cache/go" STATICCHECK_CACHE="$cache/sc" "$staticcheck" ./...
    rm -rf "$cache"
  done
else
  echo "  staticcheck not found ($staticcheck): skipped" >&2
fi
for i in $(seq 1 "$runs"); do
  cache=$(mktemp -d)
  measure go-vet env GOCACHE="$cache" go vet ./...
  rm -rf "$cache"
done

echo
echo "| tool | runs | median wall (s) | median peak RSS (MiB) | exit |"
echo "|---|---|---|---|---|"
for name in goroutine-guard staticcheck go-vet; do
  grep "^$name " "$out/results" >"$out/$name.rows" || continue
  n=$(wc -l <"$out/$name.rows")
  wall=$(awk '{print $2}' "$out/$name.rows" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  rss=$(awk '{print $3}' "$out/$name.rows" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  rc=$(awk '{print $4}' "$out/$name.rows" | sort -u | paste -sd, -)
  echo "| $name | $n | $wall | $rss | $rc |"
done
gg=$(grep '^goroutine-guard ' "$out/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
for name in staticcheck go-vet; do
  other=$(grep "^$name " "$out/results" 2>/dev/null | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]}')
  [ -n "$other" ] && echo "# $name / goroutine-guard wall ratio: $(awk -v a="$other" -v b="$gg" 'BEGIN{printf "%.1fx", a/b}')"
done

echo
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const by = {};
for (const f of r.findings) by[f.ruleId] = (by[f.ruleId] || 0) + 1;
const per10k = (n) => (n / r.lines * 1e4).toFixed(3);
console.log(`goroutine-guard: ${r.files} files, ${r.lines} lines, ${r.packages} packages, ${r.findings.length} findings (${per10k(r.findings.length)} per 10 kLOC), ${r.warnings.length} warnings`);
console.log("| rule | findings | per 10 kLOC |\n|---|---|---|");
for (const id of Object.keys(by).sort()) console.log(`| ${id} | ${by[id]} | ${per10k(by[id])} |`);
for (const f of r.findings) console.log(`  ${f.location.file}:${f.location.line} ${f.ruleId} ${f.message}`);
' "$out/gg.json"
