#!/usr/bin/env bash
# Dump-parsing benchmark: goroutine-guard (parse + bucket, streamed from disk) against DataDog/gostackparse,
# the maruel/panicparse/v2 library and panicparse's `pp` CLI, on the same files in the same run.
#
#   npm run bench:parse                      # default inputs, generated into bench/out/ when missing
#   bench/parse/run.sh bench/out/g100k.debug2.txt …
#
# Each tool runs RUNS times per file (median reported); wall time, CPU time (user + sys) and peak RSS come from
# /usr/bin/time, so they include process start-up for every tool alike. CPU time is listed because the machine
# is shared: wall time grows with other load, CPU time much less. pp and the panicparse library aggregate in O(goroutines ×
# buckets): a run over SLOW_TIMEOUT seconds is stopped and reported as "> N s", and a slow tool whose first run
# took over 60 s is run once only. Results: bench/out/parse-results.jsonl (raw) and bench/out/parse-results.md.
#
# Tools: cli = the real command, `goroutine-guard analyze -f json --no-source -o FILE` (start-up, parse, bucket,
# rank, JSON); ours / ours-1t = the library's analyzeFile (all cores / one thread) through ours.mjs. The table ends
# with paired ratios (cli ÷ gostackparse per round, then the median) and the start-up cost of `--version`.
#
# Env: RUNS=3  SLOW_TIMEOUT=600  SLOW_MEM_GB=16  FAST_TIMEOUT=1800  TOOLS="cli ours ours-1t gostackparse panicparse pp"
#      GEN_SIZES="10k 100k 1m"  GEN_AGE=125s (waves so headers carry "N minutes")  SECONDARY=1 (debug=1/0 inputs)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/bench/out
BIN=$OUT/bin
RUNS=${RUNS:-3}
SLOW_TIMEOUT=${SLOW_TIMEOUT:-600}
# pp and the panicparse library hold every goroutine (~13 GB at 1 M): cap their address space so a shared machine
# sees them fail ("out of memory") rather than the kernel's OOM killer picking some other process.
SLOW_MEM_GB=${SLOW_MEM_GB:-16}
FAST_TIMEOUT=${FAST_TIMEOUT:-1800}
TOOLS=${TOOLS:-cli ours ours-1t gostackparse panicparse pp}
GEN_SIZES=${GEN_SIZES:-10k 100k 1m}
GEN_AGE=${GEN_AGE:-125s}
SECONDARY=${SECONDARY:-1}
PP_VERSION=v2.5.0
RESULTS=$OUT/parse-results.jsonl
export PATH=$PATH:/usr/local/go/bin

mkdir -p "$OUT" "$BIN"
if [[ ! -x /usr/bin/time ]]; then
  echo "run.sh: /usr/bin/time is missing: apt-get install -y time" >&2
  exit 2
fi

log() { printf '%s\n' "$*" >&2; }

# --- build everything once -------------------------------------------------------------------------------------
log "building: gen, peers, pp $PP_VERSION, goroutine-guard (tsc → dist/)"
(cd "$ROOT/bench/parse/gen" && go build -o "$BIN/gen" .)
(cd "$ROOT/bench/parse/peers" && go build -o "$BIN/" ./gostackparse ./panicparse)
[[ -x $BIN/pp ]] || (cd "$OUT" && GOBIN=$BIN go install "github.com/maruel/panicparse/v2/cmd/pp@$PP_VERSION")
# The same build as `npm run build`; tsc emits even when a file has type errors, so say so and go on. Then a
# snapshot of dist/ is measured, so a rebuild by someone else during a long run cannot change the code under test
# (under bench/out/, which lint and format checks skip; its imports resolve from the repository's node_modules).
(cd "$ROOT" && npx tsc -p tsconfig.json) || log "tsc reported errors (emitted anyway)"
SNAP=$OUT/snapshot
rm -rf "$SNAP" && mkdir -p "$SNAP" && cp -r "$ROOT/dist" "$ROOT/bin" "$ROOT/package.json" "$SNAP/"
export GG_DIST=$SNAP/dist/index.js
# GG_ALT_DIST=/path/to/index.js adds tool "ours-alt": another build (e.g. a patched one) in the same run.
[[ -z ${GG_ALT_DIST:-} ]] || TOOLS="$TOOLS ours-alt"

# --- inputs ------------------------------------------------------------------------------------------------------
count_of() { case $1 in *k) echo $((${1%k} * 1000)) ;; *m) echo $((${1%m} * 1000000)) ;; *) echo "$1" ;; esac; }
if [[ $# -gt 0 ]]; then
  FILES=("$@")
else
  FILES=()
  for s in $GEN_SIZES; do
    f=$OUT/g$s.debug2.txt
    if [[ ! -s $f ]]; then
      log "generating $f ($(count_of "$s") goroutines, age $GEN_AGE)"
      "$BIN/gen" -n "$(count_of "$s")" -name "g$s" -out "$OUT" -age "$GEN_AGE" > /dev/null
    fi
    FILES+=("$f")
  done
fi

# --- measuring -------------------------------------------------------------------------------------------------
jq -nc --arg date "$(date -u +%Y-%m-%dT%H:%MZ)" --arg nproc "$(nproc)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  --arg mem "$(free -g | awk '/^Mem:/{print $2}') GiB" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg node "$(node --version)" --arg go "$(go version | cut -d' ' -f3)" --arg pp "$PP_VERSION" \
  --arg runs "$RUNS" --arg slowTimeout "$SLOW_TIMEOUT" \
  --arg commit "$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo '+uncommitted src')" \
  '{meta:{date:$date, nproc:$nproc, cpu:$cpu, mem:$mem, loadStart:$load, node:$node, go:$go, pp:$pp,
    runs:$runs, slowTimeout:$slowTimeout, commit:$commit}}' > "$RESULTS"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# measure TOOL FILE RUN TIMEOUT CMD… → appends one JSON line to $RESULTS, echoes the wall seconds (or "timeout")
measure() {
  local tool=$1 file=$2 run=$3 limit=$4
  shift 4
  local status=ok wall rss cpu_user cpu_sys
  if timeout "$limit" /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" > "$TMP/out" 2> "$TMP/err"; then
    status=ok
  else
    local rc=$?
    if [[ $rc -eq 124 ]]; then status=timeout; else status="exit-$rc"; fi
  fi
  if [[ $status == timeout ]]; then
    wall=$limit
    rss=-1
    cpu_user=-1
    cpu_sys=0
  else
    read -r wall rss cpu_user cpu_sys < <(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$TMP/time" | tail -1 ||
      echo "-1 -1 -1 0") || true
  fi
  local toolJson
  toolJson=$(grep -E '^\{' "$TMP/out" | tail -1 || true)
  [[ -n $toolJson ]] || toolJson='{}'
  jq -nc --arg tool "$tool" --arg file "$file" --argjson run "$run" --arg status "$status" \
    --argjson wall "$wall" --argjson rss "$rss" --argjson cpu "$(awk "BEGIN{print $cpu_user + $cpu_sys}")" \
    --argjson bytes "$(stat -L -c %s "$file")" \
    --arg stderr "$(tail -c 400 "$TMP/err")" --argjson t "$toolJson" \
    '{tool:$tool, file:$file, run:$run, status:$status, wall:$wall, cpu:$cpu, rssKiB:$rss, bytes:$bytes,
      goroutines:($t.goroutines // null), buckets:($t.buckets // null), inner:$t, stderr:$stderr}' >> "$RESULTS"
  if [[ $status == ok ]]; then echo "$wall"; else echo "$status"; fi
}

is_slow() { [[ $1 == pp || $1 == panicparse ]]; }

cmd_for() { # TOOL FILE → the command line
  case $1 in
    # what `goroutine-guard analyze FILE` runs: every core (main thread + workers) for files of 256 MiB and more
    ours) echo node "$ROOT/bench/parse/ours.mjs" --mode file "$2" ;;
    # the command a user runs; --no-source because the peers read no Go source either
    cli) echo node "$SNAP/bin/goroutine-guard.js" analyze -f json --no-source -o "$TMP/cli.json" "$2" ;;
    # the same on one thread (streaming parse + bucket + rank)
    ours-1t) echo node "$ROOT/bench/parse/ours.mjs" --mode file --workers 1 "$2" ;;
    ours-alt) echo env GG_DIST="$GG_ALT_DIST" node "$ROOT/bench/parse/ours.mjs" --mode stream "$2" ;;
    ours-collect) echo node "$ROOT/bench/parse/ours.mjs" --mode collect "$2" ;;
    gostackparse) echo "$BIN/gostackparse" "$2" ;;
    panicparse) echo "$BIN/panicparse" -similarity pointer "$2" ;;
    # pp's cheapest parse + aggregate: no GOROOT/GOPATH guessing or source parsing (-rebase=false), and a header
    # filter that matches nothing (-m '^$') so it prints no bucket; stdout is not a tty, so no colour.
    pp) echo "$BIN/pp" -rebase=false -m '^$' "$2" ;;
    pprof) echo go tool pprof -raw "$2" ;;
  esac
}

for file in "${FILES[@]}"; do
  declare -A skip=()
  for run in $(seq 1 "$RUNS"); do
    for tool in $TOOLS; do
      [[ -z ${skip[$tool]:-} ]] || continue
      limit=$FAST_TIMEOUT
      is_slow "$tool" && limit=$SLOW_TIMEOUT
      cap=()
      is_slow "$tool" && cap=(prlimit --as=$((SLOW_MEM_GB * 1024 * 1024 * 1024)) --)
      # shellcheck disable=SC2046 # word splitting of the command line is intended (no spaces in paths here)
      w=$(measure "$tool" "$file" "$run" "$limit" "${cap[@]}" $(cmd_for "$tool" "$file"))
      log "$(basename "$file") run $run $tool: $w"
      if [[ $w == timeout || $w == exit-* ]]; then skip[$tool]=1; fi
      if is_slow "$tool" && [[ $w != timeout && $w != exit-* ]] && awk "BEGIN{exit !($w > 60)}"; then skip[$tool]=1; fi
    done
  done
  unset skip
done

# pp prints nothing with -m '^$'; one extra untimed run on small files counts its buckets and goroutines from
# its bucket headers ("N: state …") so the agreement check covers pp too.
for file in "${FILES[@]}"; do
  [[ " $TOOLS " == *" pp "* ]] || continue
  (($(stat -L -c %s "$file") <= 50 * 1024 * 1024)) || continue
  timeout "$SLOW_TIMEOUT" "$BIN/pp" -rebase=false "$file" 2> /dev/null |
    awk -v f="$file" '/^[0-9]+: /{n++; g+=$1} END{printf "{\"tool\":\"pp-count\",\"file\":\"%s\",\"goroutines\":%d,\"buckets\":%d}\n", f, g, n}' >> "$RESULTS" || true
done

# Secondary: the debug=1 and debug=0 dumps of the same processes (the Go peers do not read these; go tool pprof
# reads debug=0).
if [[ $SECONDARY == 1 && $# -eq 0 ]]; then
  for s in $GEN_SIZES; do
    for f in "$OUT/g$s.debug1.txt" "$OUT/g$s.debug0.pb.gz"; do
      [[ -s $f ]] || continue
      for run in $(seq 1 "$RUNS"); do
        # shellcheck disable=SC2046
        w=$(measure ours "$f" "$run" "$FAST_TIMEOUT" $(cmd_for ours "$f"))
        log "$(basename "$f") run $run ours: $w"
        if [[ $f == *.pb.gz ]]; then
          # shellcheck disable=SC2046
          w=$(measure pprof "$f" "$run" "$FAST_TIMEOUT" $(cmd_for pprof "$f"))
          log "$(basename "$f") run $run pprof: $w"
        fi
      done
    done
  done
fi

# Start-up: `--version` against a bare `node -e 0`, alternating (the file is only a label for the table).
for run in $(seq 1 "$RUNS"); do
  w=$(measure startup:--version "${FILES[0]}" "$run" 60 node "$SNAP/bin/goroutine-guard.js" --version)
  log "startup run $run --version: $w"
  w=$(measure "startup:node -e 0" "${FILES[0]}" "$run" 60 node -e 0)
  log "startup run $run node -e 0: $w"
done

node "$ROOT/bench/parse/table.mjs" "$RESULTS" | tee "$OUT/parse-results.md"
