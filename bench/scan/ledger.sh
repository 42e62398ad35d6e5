#!/bin/bash
# Precision ledger run (issue #11): build the deep engine and scan every tree of bench/scan/deep-std.md's ledger,
# writing one normalized line per finding: tree<TAB>rule<TAB>file:line<TAB>message head.
#
# usage: bench/scan/ledger.sh OUTDIR [tree...]
#   OUTDIR gets gga (the binary), <tree>.json (gg-analyzer output), <tree>.err (stderr + time), findings.tsv,
#   lines.tsv (tree, packages, lines, findings). With tree names, only those trees are (re)scanned.
# Third-party checkouts: $LEDGER_SRC/<owner+name> (default /tmp/evalprec, wt/evalprec's snapshots from `fetch`;
# hashicorp+raft from `git --git-dir=/work/.mirror/hashicorp+raft/repo archive HEAD`). Module deps come through
# the Go module proxy (GOFLAGS=-mod=mod). PAR (default 2) scans run at once.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: ledger.sh OUTDIR [tree...]}
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=${LEDGER_SRC:-/tmp/evalprec}
par=${PAR:-2}
goroot=$(go env GOROOT)/src

(cd "$here/analyzer" && go build -mod=vendor -o "$out/gga" .) || exit 1

raft=$src/hashicorp+raft
if [ ! -d "$raft" ]; then
  raft=$out/src/hashicorp+raft
  if [ ! -d "$raft" ]; then
    mkdir -p "$raft" && git --git-dir=/work/.mirror/hashicorp+raft/repo archive HEAD | tar -x -C "$raft"
  fi
fi

# tree name | directory | scan arguments
trees=(
  "std|$goroot|std"
  "std-t|$goroot|-tests std"
  "cmd|$goroot/cmd|./..."
  "cmd-t|$goroot/cmd|-tests ./..."
  "nats-server|$src/nats-server|./server/"
)
for p in grpc:grpc etcd-io+raft:etcd-io+raft hashicorp+memberlist:hashicorp+memberlist \
  hashicorp+serf:hashicorp+serf nsqio+nsq:nsqio+nsq segmentio+kafka-go:segmentio+kafka-go IBM+sarama:IBM+sarama \
  hashicorp+yamux:hashicorp+yamux nats-io+nats.go:nats-io+nats.go panjf2000+ants:panjf2000+ants \
  valyala+fasthttp:valyala+fasthttp redis+go-redis:redis+go-redis; do
  name=${p%%:*}
  dir=$src/${p#*:}
  trees+=("$name|$dir|./..." "$name-t|$dir|-tests ./...")
done
trees+=("hashicorp+raft|$raft|./..." "hashicorp+raft-t|$raft|-tests ./...")

want() {
  [ $# -eq 0 ] && return 0
  local t
  for t in "${sel[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}
sel=("$@")

run() {
  local name=$1 dir=$2 args=$3
  if [ ! -d "$dir" ]; then
    echo "ledger.sh: $name: no checkout at $dir" >&2
    return
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && GOFLAGS=-mod=mod /usr/bin/time -f "%e s %M KB" "$out/gga" scan $args >"$out/$name.json" 2>"$out/$name.err")
  echo "ledger.sh: $name done ($(tail -1 "$out/$name.err"))" >&2
}

for t in "${trees[@]}"; do
  IFS='|' read -r name dir args <<<"$t"
  if [ ${#sel[@]} -gt 0 ] && ! want "$name" "${sel[@]}"; then continue; fi
  while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do wait -n; done
  run "$name" "$dir" "$args" &
done
wait

# Normalize: paths relative to the tree's root (GOROOT/src for std and cmd), message cut at the first ": " or
# 100 characters.
: >"$out/findings.tsv"
printf 'tree\tpackages\tlines\tfindings\terrors\n' >"$out/lines.tsv"
for t in "${trees[@]}"; do
  IFS='|' read -r name dir args <<<"$t"
  f=$out/$name.json
  [ -s "$f" ] || continue
  root=$dir
  case $name in std* | cmd*) root=$goroot ;; esac
  jq -r --arg tree "$name" --arg root "$root/" '.findings[] |
    [$tree, .ruleId, ((.location.file | ltrimstr($root)) + ":" + (.location.line | tostring)),
     (.message | .[0:100])] | @tsv' "$f" >>"$out/findings.tsv"
  jq -r --arg tree "$name" '[$tree, .packages, .lines, (.findings | length), (.errors | length)] | @tsv' "$f" >>"$out/lines.tsv"
done
sort -o "$out/findings.tsv" "$out/findings.tsv"
echo "ledger.sh: $(wc -l <"$out/findings.tsv") findings in $out/findings.tsv" >&2
