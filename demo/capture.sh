#!/usr/bin/env bash
# Re-captures the committed demo dumps (demo/leaky-server.debug2.txt, demo/leaky-server.debug0.pb.gz)
# from a real run of demo/leaky-server: 20 self-driven /work requests, then the server fetches its
# own /debug/pprof/goroutine?debug=0 and ?debug=2 over 127.0.0.1 and exits.
# Used by machines without Go (goroutine-guard demo falls back to these files).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/leaky-server"
GOTOOLCHAIN=${GOTOOLCHAIN:-local} timeout 120 go run . -requests 20 -capture "$HERE" >/dev/null
echo "wrote $HERE/leaky-server.debug2.txt and $HERE/leaky-server.debug0.pb.gz" >&2
