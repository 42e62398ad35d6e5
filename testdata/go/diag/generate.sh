#!/bin/sh
# Rebuilds testdata/dumps/diag from diagdemo (this directory): the ticker dumps and the 4-sample growth series.
# Needs `go` on PATH. Goroutine ids, addresses and sample times change on every run; sites and counts do not.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../dumps/diag"
bin=$(mktemp -d)/diagdemo
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$here" && go build -o "$bin" .)
rm -rf "$out"
mkdir -p "$out"
"$bin" -scenario tickers -out "$out"
"$bin" -scenario growth -samples 4 -every 1s -out "$out/growth"
ls -l "$out" "$out/growth"
