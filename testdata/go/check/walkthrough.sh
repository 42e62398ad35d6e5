#!/usr/bin/env bash
# Runs docs/walkthrough.md ("Finding a leak end to end") on a copy of this service and prints every command with
# its output: scan → run → check → fix → check again. Needs go, curl and a built checkout (`npm install`).
#
#   testdata/go/check/walkthrough.sh                      # this checkout's bin/goroutine-guard.js
#   GG="npx goroutine-guard" testdata/go/check/walkthrough.sh
#   ADDR=127.0.0.1:6061 WORK=/tmp/shop testdata/go/check/walkthrough.sh
#
# Every step states the exit code it must have (scan and check exit 1 while leaks are there); the script stops at the
# first step that differs and exits 1. The service listens on a free port unless ADDR is given.
set -euo pipefail
SRC=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SRC/../../.." && pwd)
# The local CLI, by absolute path: the copy below is outside the checkout, where `npx goroutine-guard` would ask the
# npm registry for a package of that name.
GG=${GG:-node $ROOT/bin/goroutine-guard.js}
ADDR=${ADDR:-127.0.0.1:0}
WORK=${WORK:-$(mktemp -d)/shop}

if [ ! -f "$ROOT/dist/cli/main.js" ] && [ "$GG" = "node $ROOT/bin/goroutine-guard.js" ]; then
  echo "walkthrough: $ROOT/dist is missing: run npm install (or npm run build) first" >&2
  exit 2
fi
rm -rf "$WORK" && mkdir -p "$(dirname "$WORK")" && cp -r "$SRC" "$WORK" && cd "$WORK"
rm -f walkthrough.sh
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

# step EXPECTED_EXIT COMMAND…: prints the command, its output and its exit code; stops when the code differs.
step() {
  local want=$1 code=0
  shift
  printf '\n$ %s\n' "$*"
  eval "$*" || code=$?
  printf '[exit %d]\n' "$code"
  if [ "$code" != "$want" ]; then
    echo "walkthrough: step failed: expected exit $want, got $code: $*" >&2
    exit 1
  fi
}
start() {
  go build -o shop .
  ./shop -addr "$ADDR" >shop.log 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q listening shop.log 2>/dev/null && break; sleep 0.1; done
  if ! grep -q listening shop.log; then
    echo "walkthrough: the service did not start: $(cat shop.log)" >&2
    exit 1
  fi
  head -1 shop.log
  BASE=$(sed -n 's|^listening http://||p' shop.log | head -1)
}
traffic() {
  # 20 lookups of unknown SKUs (the catalog is slower than the 20 ms timeout) and 20 orders.
  for i in $(seq 20); do
    curl -sf "$BASE/price?sku=plum$i" >/dev/null || true # unknown SKUs answer 504 after the timeout
    curl -sf "$BASE/order?sku=pear" >/dev/null
  done
  sleep 0.5 # the catalog answers after 100 ms; then the /price goroutines block on their send
}

echo "# 1. scan"
step 1 "$GG scan ./..."

echo "# 2. run"
start
traffic
step 0 "curl -s '$BASE/price?sku=plum'; curl -s '$BASE/order?sku=pear'"
step 0 "$GG analyze http://$BASE/debug/pprof/"

echo "# 3. check"
step 0 "curl -sf '$BASE/debug/pprof/goroutine?debug=2' > goroutines.txt"
step 1 "$GG check . --dump goroutines.txt"
step 1 "$GG check . --test"
kill "$pid"
pid=

echo "# 4. fix"
step 0 "git apply --stat fix.patch && git apply fix.patch"

echo "# 5. check again"
step 0 "$GG scan ./..."
start
traffic
step 0 "curl -sf '$BASE/debug/pprof/goroutine?debug=2' > goroutines.txt"
step 0 "$GG check . --dump goroutines.txt"
step 1 "$GG check . --dump goroutines.txt --min-evidence possible"
step 0 "$GG check . --test"
echo
echo "walkthrough: every step had the exit code docs/walkthrough.md shows"
