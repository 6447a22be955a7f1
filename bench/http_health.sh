#!/usr/bin/env bash
# HTTP throughput of GET /api/v1/health (a database read per request) with wrk on
# loopback: 2 threads, 64 connections, 10 seconds. Bounded in time; stops its server.
set -euo pipefail
: "${TINDUNG:?}"
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/install-deps installs it)"; exit 1; }
tmp=$(mktemp -d /tmp/td-bench.XXXXXX)
"$TINDUNG" init --db "$tmp/b.db" >/dev/null
"$TINDUNG" serve --db "$tmp/b.db" --port 0 --stop-after 60 >"$tmp/out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q http "$tmp/out" && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out")
wrk -t2 -c64 -d10s "$base/api/v1/health" | grep -E 'Requests/sec|Latency|requests in'
