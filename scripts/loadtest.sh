#!/usr/bin/env bash
# Load test: starts `kinerja serve` on loopback, drives it with USERS
# signed-in users browsing dashboards and saving realisations for DURATION
# per phase (first the trivial /healthz, then the users), and prints the
# figures with the server's peak memory (VmHWM).
#
#   scripts/loadtest.sh [PEOPLE=500] [USERS=64] [DURATION=20s]
#
# By default the server runs on a fresh SQLite database holding one
# generated office of PEOPLE people. With KINERJA_LOADTEST_DB=postgres://…
# it runs on that database instead, filled before by
# `kinerja demo --generate` (see scripts/bench.sh), and the users are people
# of its first office (read with psql).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-500}
users=${2:-64}
duration=${3:-20s}
dir=$(mktemp -d)
pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/kinerja" ./cmd/kinerja
db=${KINERJA_LOADTEST_DB:-}
if [ -z "$db" ]; then
  "$dir/kinerja" demo --generate --employees "$people" --offices 1 --serve=false --data "$dir/data" \
    --accounts-file "$dir/accounts.txt" >/dev/null
  what="SQLite, one office of $people people"
else
  psql "$db" -qAt -c "SELECT 'gen' || e.id FROM employees e JOIN assignments a ON a.employee_id = e.id
    JOIN positions p ON p.id = a.position_id JOIN units u ON u.id = p.unit_id
    WHERE u.id = (SELECT min(id) FROM units WHERE kind = 'office') OR u.parent_id = (SELECT min(id) FROM units WHERE kind = 'office')
       OR u.parent_id IN (SELECT id FROM units WHERE parent_id = (SELECT min(id) FROM units WHERE kind = 'office'))
    ORDER BY e.id" >"$dir/accounts.txt"
  what="PostgreSQL, $(psql "$db" -qAt -c 'SELECT count(*) FROM employees') people; users from the first office"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KINERJA_LOG_LEVEL=error KINERJA_DB_URL="$db" "$dir/kinerja" serve --data "$dir/data" --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
echo "$what; $users users, $duration per phase; $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%F)"
"$dir/kinerja" loadtest --url "http://127.0.0.1:$port" --users "$users" --duration "$duration" --accounts "@$dir/accounts.txt" --server-pid "$pid"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"
