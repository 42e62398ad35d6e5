#!/bin/sh
# Writes one goroutine dump per kernel into testdata/dumps/realbugs/<id>.stack.txt: the runtime.Stack dump the
# runner reads to prove the kernel's BLOCKS markers, taken in a process that runs that kernel alone (its bad and
# fixed scenario), so each dump holds the 1–5 goroutines of one real bug and the runner's main goroutine.
# Run from testdata/realbugs: `runner/dumps.sh [ids...]` (all kernels by default; about a minute).
set -e
out=../dumps/realbugs
mkdir -p "$out"
bin=$(mktemp -d "${TMPDIR:-/tmp}/gg-realbugs.XXXXXX")
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/runner" ./runner
ids=$*
[ -n "$ids" ] || ids=$(for d in */bad/bad.go; do echo "${d%%/*}"; done)
for id in $ids; do
  "$bin/runner" -dump "$out/$id.stack.txt" "$id" >/dev/null || { echo "runner failed on $id" >&2; exit 1; }
done
