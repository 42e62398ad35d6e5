#!/usr/bin/env bash
# Warm re-scan of an unchanged tree: `goroutine-guard scan` with its result cache populated, against staticcheck
# with its cache (and GOCACHE) populated, on the same packages, in one run, alternating. Also goroutine-guard with
# --no-cache (every package analysed again; Go's build cache warm), both engines. Prints wall and CPU (user+sys)
# medians and the ratios to staticcheck warm, then paired ratios: per round, each variant over staticcheck and over
# its -B twin in the same round, medianed.
#
#   bench/scan/cache.sh <dir under GOROOT/src or a module> <pattern> [runs]
#   e.g. bench/scan/cache.sh "$(go env GOROOT)/src" ./net/... 5
#
# staticcheck (default checks) keeps its cache under $XDG_CACHE_HOME/staticcheck: SC_CACHE (default
# /tmp/gg-bench-sc) is used as XDG_CACHE_HOME for it, with GOCACHE left where it is; run it once beforehand on the
# tree to warm it (the first run is the cold one); SC_GOCACHE (default: go env GOCACHE) is its GOCACHE.
# goroutine-guard uses GG_CACHE (default /tmp/gg-bench-gg) as GOROUTINE_GUARD_CACHE; the helper binary is copied
# there from ~/.cache/goroutine-guard when present. WARM_ONLY=1 leaves out the --no-cache rows. GG_B=<another
# build's bin/goroutine-guard.js> adds its warm rows (gg-*-warm-B, own cache GG_CACHE_B) to the same rounds: a
# paired before/after.
# Needs GNU time at /usr/bin/time; staticcheck: go install honnef.co/go/tools/cmd/staticcheck@v0.8.2.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tree=$1
pattern=$2
runs=${3:-5}
sc=${STATICCHECK:-$(command -v staticcheck || echo "$(go env GOPATH)/bin/staticcheck")}
sc_cache=${SC_CACHE:-/tmp/gg-bench-sc}
gg_cache=${GG_CACHE:-/tmp/gg-bench-gg}
gocache=${SC_GOCACHE:-$(go env GOCACHE)}
gg_b=${GG_B:-}
gg_cache_b=${GG_CACHE_B:-/tmp/gg-bench-gg-b}
gg="$here/bin/goroutine-guard.js"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$gg_cache" "$sc_cache" "$gg_cache_b"
cp -n "${HOME}"/.cache/goroutine-guard/gg-analyzer-* "$gg_cache/" 2>/dev/null || true
[ -n "$gg_b" ] && { cp -n "${HOME}"/.cache/goroutine-guard/gg-analyzer-* "$gg_cache_b/" 2>/dev/null || true; }

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(go version); node $(node --version); $("$sc" -version); $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# tree: $tree $pattern"

# measure NAME CMD... → "name wall cpu exit" in $out/results
measure() {
  local name=$1
  shift
  local t="$out/time"
  set +e
  (cd "$tree" && /usr/bin/time -f '%e %U %S' -o "$t" "$@" >"$out/stdout" 2>"$out/stderr")
  local rc=$?
  set -e
  read -r wall user sys < <(tail -1 "$t")
  echo "$name $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rc ${round:-0}" >>"$out/results"
  echo "  $name: ${wall}s wall, exit $rc" >&2
}

variants=(gg-fast-warm gg-auto-warm)
[ -n "$gg_b" ] && variants+=(gg-fast-warm-B gg-auto-warm-B)
[ -z "${WARM_ONLY:-}" ] && variants+=(gg-fast-nocache gg-auto-nocache)
# NO_STATICCHECK=1: goroutine-guard's rows only (when staticcheck's cache could not be warmed).
[ -z "${NO_STATICCHECK:-}" ] && variants+=(staticcheck-warm)
# VARIANTS="a b …": exactly these rows (e.g. "gg-fast-nocache gg-fast-nocache-B": the cold fast path, paired).
[ -n "${VARIANTS:-}" ] && read -r -a variants <<<"$VARIANTS"
run_variant() {
  case $1 in
  gg-fast-warm) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache" node "$gg" scan "$pattern" --engine fast -f json -o "$out/gg-fast.json" --fail-on none ;;
  gg-auto-warm) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache" node "$gg" scan "$pattern" -f json -o "$out/gg-auto.json" --fail-on none ;;
  gg-fast-nocache) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache" node "$gg" scan "$pattern" --engine fast --no-cache --fail-on none ;;
  gg-fast-warm-B) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache_b" node "$gg_b" scan "$pattern" --engine fast -f json -o "$out/gg-fast-b.json" --fail-on none ;;
  gg-auto-warm-B) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache_b" node "$gg_b" scan "$pattern" -f json -o "$out/gg-auto-b.json" --fail-on none ;;
  gg-fast-nocache-B) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache_b" node "$gg_b" scan "$pattern" --engine fast --no-cache --fail-on none ;;
  gg-auto-nocache) measure "$1" env GOROUTINE_GUARD_CACHE="$gg_cache" node "$gg" scan "$pattern" --no-cache --fail-on none ;;
  staticcheck-warm) measure "$1" env XDG_CACHE_HOME="$sc_cache" GOCACHE="$gocache" "$sc" "$pattern" ;;
  esac
}
# Warm-up: fills goroutine-guard's result cache; staticcheck's must already be warm (see above).
for v in gg-fast-warm gg-auto-warm ${gg_b:+gg-fast-warm-B gg-auto-warm-B}; do run_variant "$v"; done
[[ " ${variants[*]} " == *" staticcheck-warm "* ]] && run_variant staticcheck-warm
: >"$out/results"
for i in $(seq 1 "$runs"); do
  round=$i
  cut -d' ' -f1 /proc/loadavg >>"$out/loads"
  n=${#variants[@]}
  for k in $(seq 0 $((n - 1))); do run_variant "${variants[$(((k + i) % n))]}"; done
done

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
sc_wall=$(awk '$1=="staticcheck-warm"{print $2}' "$out/results" | median)
sc_cpu=$(awk '$1=="staticcheck-warm"{print $3}' "$out/results" | median)
[ -n "$sc_wall" ] || { sc_wall=nan; sc_cpu=nan; }
echo
echo "| variant | runs | wall median (s) | CPU median (s) | wall / staticcheck warm | CPU / staticcheck warm |"
echo "|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  w=$(awk -v v="$v" '$1==v{print $2}' "$out/results" | median)
  c=$(awk -v v="$v" '$1==v{print $3}' "$out/results" | median)
  n=$(awk -v v="$v" '$1==v' "$out/results" | wc -l)
  echo "| $v | $n | $w | $c | $(awk -v a="$w" -v b="$sc_wall" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$c" -v b="$sc_cpu" 'BEGIN{printf "%.2f", a/b}') |"
done
# Paired: in each round, a variant's CPU (and wall) over staticcheck's and over its -B twin's in the same round;
# medians over the rounds.
awk '
  { cpu[$5, $1] = $3; wall[$5, $1] = $2; rounds[$5] = 1; names[$1] = 1 }
  function med(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function paired(v, w,   r, n, c, t) {
    n = 0
    for (r in rounds)
      if (((r, v) in cpu) && ((r, w) in cpu) && cpu[r, w] > 0 && wall[r, w] > 0) {
        n++; c[n] = cpu[r, v] / cpu[r, w]; t[n] = wall[r, v] / wall[r, w]
      }
    return n ? sprintf(" %s: CPU %.2f, wall %.2f (%d rounds);", w, med(c, n), med(t, n), n) : ""
  }
  END {
    for (v in names) {
      if (v == "staticcheck-warm") continue
      line = paired(v, "staticcheck-warm") paired(v, v "-B")
      if (line != "") print "# " v " over" line
    }
  }' "$out/results" | sort
echo "# loads at the start of each round: $(cat "$out/loads" | tr '\n' ' ')"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`# auto: ${r.files} files, ${r.lines} lines, ${r.packages} packages, ${r.findings.length} findings; engine ${r.engine.used}; cache ${JSON.stringify(r.engine.cache)}`);
' "$out/gg-auto.json"
