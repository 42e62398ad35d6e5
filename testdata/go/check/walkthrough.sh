#!/usr/bin/env bash
# Runs docs/walkthrough.md ("Finding a leak end to end") on a copy of this service and prints every command with
# its output: scan → run → check → fix → check again. Needs go, curl and goroutine-guard.
#
#   testdata/go/check/walkthrough.sh                 # uses `npx goroutine-guard`
#   GG="node bin/goroutine-guard.js" testdata/go/check/walkthrough.sh
#   ADDR=127.0.0.1:6061 WORK=/tmp/shop testdata/go/check/walkthrough.sh
set -u
GG=${GG:-npx goroutine-guard}
ADDR=${ADDR:-127.0.0.1:6061}
WORK=${WORK:-$(mktemp -d)/shop}
SRC=$(cd "$(dirname "$0")" && pwd)

rm -rf "$WORK" && mkdir -p "$(dirname "$WORK")" && cp -r "$SRC" "$WORK" && cd "$WORK" || exit 2
rm -f walkthrough.sh
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; }
trap cleanup EXIT

step() { printf '\n$ %s\n' "$*"; eval "$*"; printf '[exit %d]\n' $?; }
start() {
  go build -o shop . || exit 2
  ./shop -addr "$ADDR" >shop.log 2>&1 &
  pid=$!
  for _ in $(seq 50); do grep -q listening shop.log 2>/dev/null && break; sleep 0.1; done
  head -1 shop.log
}
traffic() {
  # 20 lookups of unknown SKUs (the catalog is slower than the 20 ms timeout) and 20 orders.
  for i in $(seq 20); do
    curl -s "$ADDR/price?sku=plum$i" >/dev/null
    curl -s "$ADDR/order?sku=pear" >/dev/null
  done
  sleep 0.5 # the catalog answers after 100 ms; then the /price goroutines block on their send
}

echo "# 1. scan"
step "$GG scan ./..."

echo "# 2. run"
start
traffic
step "curl -s '$ADDR/price?sku=plum'; curl -s '$ADDR/order?sku=pear'"
step "$GG analyze http://$ADDR/debug/pprof/"

echo "# 3. check"
step "curl -s '$ADDR/debug/pprof/goroutine?debug=2' > goroutines.txt"
step "$GG check . --dump goroutines.txt"
step "$GG check . --test"
kill "$pid"; pid=

echo "# 4. fix"
step "git apply --stat fix.patch && git apply fix.patch"

echo "# 5. check again"
step "$GG scan ./..."
start
traffic
step "curl -s '$ADDR/debug/pprof/goroutine?debug=2' > goroutines.txt"
step "$GG check . --dump goroutines.txt"
step "$GG check . --dump goroutines.txt --min-evidence possible"
step "$GG check . --test"
