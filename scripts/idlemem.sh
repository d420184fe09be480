#!/usr/bin/env bash
# Resident memory of an idle `kinerja serve` on an empty SQLite database:
# started, asked for /readyz once, then left alone for a few seconds.
# Usage: scripts/idlemem.sh [seconds-idle]
set -euo pipefail
cd "$(dirname "$0")/.."
idle=${1:-5}
dir=$(mktemp -d)
go build -o "$dir/kinerja" ./cmd/kinerja
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$dir/kinerja" serve --addr "127.0.0.1:$port" --data "$dir/data" >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep "$idle"
grep -E 'VmRSS|RssAnon|RssFile' "/proc/$pid/status"
