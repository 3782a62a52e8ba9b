#!/usr/bin/env bash
# The raw durable insert rate the write benchmarks compare with
# (bench/cases.sh, bench/mail.sh): Debian's sqlite3 shell inserting ROWS
# one-row transactions into a WAL database with synchronous=FULL (one fsync
# each) in DIR, which must be on the disk being measured. Prints rows/s.
# Usage: bench/fsync-baseline.sh DIR ROWS
set -euo pipefail
dir=${1:?folder on the disk to measure}
rows=${2:?rows}
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
  echo "CREATE TABLE t (id INTEGER PRIMARY KEY, account_id INTEGER, subject TEXT, created_at TEXT);"
  for i in $(seq "$rows"); do echo "INSERT INTO t (account_id, subject, created_at) VALUES (42, 'Pump $i leaks', '2026-12-01T10:00:00Z');"; done
} >"$dir/fsync-baseline.sql"
start=$(date +%s.%N)
sqlite3 "$dir/fsync-baseline.db" <"$dir/fsync-baseline.sql" >/dev/null
awk -v s="$start" -v e="$(date +%s.%N)" -v n="$rows" 'BEGIN { printf "%.0f\n", n / (e - s) }'
rm -f "$dir"/fsync-baseline.*
