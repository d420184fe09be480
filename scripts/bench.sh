#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, in one go.
#
#   scripts/bench.sh            rule engine, realisation, pages and API on a
#                               generated office of 500 people (SQLite),
#                               and the load test of that office
#   KINERJA_BENCH_PG=postgres://user@host:5432/postgres scripts/bench.sh
#                               the same, then the ministry of 80,000 people
#                               in 200 offices under one Kanwil on PostgreSQL:
#                               generation time, pages and API of its first
#                               office, the Kanwil head's home, the recompute
#                               of a quarter, and the load test there
#
# The PostgreSQL database kinerja_bench80k is made on the given server
# (dropped first when it exists, unless KINERJA_BENCH_KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== $(date -u +%F) · $(nproc) cores · $(go version | cut -d' ' -f3) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

echo "== rule engine (one core)"
go test -run '^$' -bench . -benchmem -cpu 1 ./internal/calc/
echo "== realisation service (SQLite)"
go test -run '^$' -bench 'SaveRealisation|ConcurrentUploads' -benchmem ./internal/service/
echo "== pages, API and recompute of a 500-person office (SQLite)"
go test -run '^$' -bench . -benchtime 20x ./internal/web/
echo "== load test of the 500-person office (SQLite)"
scripts/loadtest.sh 500 64 20s

if [ -n "${KINERJA_BENCH_PG:-}" ]; then
  base=${KINERJA_BENCH_PG%/*}
  db="$base/kinerja_bench80k?sslmode=disable"
  bin=$(mktemp -d)/kinerja
  go build -o "$bin" ./cmd/kinerja
  if [ "${KINERJA_BENCH_KEEP:-}" != 1 ] || ! psql "$db" -qAt -c 'SELECT 1 FROM employees LIMIT 1' >/dev/null 2>&1; then
    psql "$KINERJA_BENCH_PG" -qc 'DROP DATABASE IF EXISTS kinerja_bench80k' -c 'CREATE DATABASE kinerja_bench80k'
    echo "== generate 80,000 people in 200 offices under one Kanwil (PostgreSQL)"
    /usr/bin/time -f 'generated in %e s, peak memory %M KiB' \
      "$bin" demo --generate --kanwil --employees 80000 --offices 200 --db "$db" --serve=false --data "$(dirname "$bin")/data"
  fi
  echo "== recompute a quarter of the whole organisation (PostgreSQL)"
  "$bin" recompute --db "$db" --quarter 3 --summary
  echo "== pages, API and recompute, first office of the ministry (PostgreSQL)"
  KINERJA_BENCH_DB="$db" go test -run '^$' -bench . -benchtime 10x -timeout 30m ./internal/web/
  echo "== load test, users of the first office (PostgreSQL)"
  KINERJA_LOADTEST_DB="$db" scripts/loadtest.sh 0 64 20s
fi
