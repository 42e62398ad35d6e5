#!/bin/sh
# Builds and drives leakyservice: 400 leaking requests, then the guard's dump and degraded mode, then /drain and
# recovery. Needs go and curl; listens on $ADDR (default 127.0.0.1:8377); writes ./dumps and ./leakyservice.log.
set -e
cd "$(dirname "$0")"
ADDR=${ADDR:-127.0.0.1:8377}
export ADDR
go build -o leakyservice .
rm -rf dumps
./leakyservice > leakyservice.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
sleep 1
for i in $(seq 400); do curl -s -o /dev/null "$ADDR/work"; done
sleep 4
echo "\$ curl -si $ADDR/work"; curl -si "$ADDR/work" | grep -v '^Date'
echo "\$ curl -s $ADDR/healthz"; curl -s "$ADDR/healthz"
echo '$ ls dumps/goroutines-*/'; ls dumps/goroutines-*/
echo "\$ curl -s $ADDR/debug/goroutine-guard/metrics | grep -E '^goroutine_guard_(goroutines|blocked|leak_suspects|degraded|dumps)'"
curl -s "$ADDR/debug/goroutine-guard/metrics" | grep -E '^goroutine_guard_(goroutines|blocked|leak_suspects|degraded|dumps)'
echo "\$ curl -s $ADDR/drain"; curl -s "$ADDR/drain"
sleep 4
echo "\$ curl -s $ADDR/work"; curl -s "$ADDR/work"
echo '$ cat leakyservice.log'; cat leakyservice.log
