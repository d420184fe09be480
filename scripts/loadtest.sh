#!/usr/bin/env bash
# Load test of one office on SQLite: generates an office of PEOPLE people,
# starts `kinerja serve` on loopback, drives it with USERS signed-in users
# browsing dashboards and saving realisations for DURATION per phase, and
# prints the figures with the server's peak memory (VmHWM).
#
#   scripts/loadtest.sh [PEOPLE=500] [USERS=64] [DURATION=20s]
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-500}
users=${2:-64}
duration=${3:-20s}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
pid=
go build -o "$dir/kinerja" ./cmd/kinerja
"$dir/kinerja" demo --generate --employees "$people" --offices 1 --serve=false --data "$dir/data" \
  --accounts-file "$dir/accounts.txt" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KINERJA_LOG_LEVEL=error "$dir/kinerja" serve --data "$dir/data" --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
echo "office of $people people, $users users, $duration per phase, $(nproc) cores, $(go version | cut -d' ' -f3)"
"$dir/kinerja" loadtest --url "http://127.0.0.1:$port" --users "$users" --duration "$duration" --accounts "@$dir/accounts.txt"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"
