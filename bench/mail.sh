#!/usr/bin/env bash
# Mail ingestion on SQLite, against a baseline measured in the same run:
#   baseline: Debian's sqlite3 shell, a WAL database with synchronous=FULL,
#             N one-row INSERTs each its own transaction (one fsync each),
#             the rate a store that commits each mail alone cannot beat;
#   piped:    the first N mails, at most 500, through `forgedesk mail ingest`,
#             one process each (a mail server's pipe transport): process
#             start, store open, GMime parse, case opened with its audit
#             entry and receipt (a rate of a few a second: more would only
#             make the run long);
#   LMTP:     N mails over LMTP to `serve --lmtp` on 8 connections, stored in
#             the writer's group commits (target: at least 500 per second).
# Usage: bench/mail.sh [N] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
piped_n=$((n < 500 ? n : 500))
bin=${FORGEDESK_BIN:-build/forgedesk}
work=$(mktemp -d "${BENCH_DIR:-$PWD/build}/forgedesk-bench-mail.XXXXXX") # on the project's disk
port=18627 lmtp=18628
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.0f", n / (e - s) }'; }

# --- baseline ---
baseline=$(bench/fsync-baseline.sh "$work" "$n")

# --- piped, one process per mail ---
"$bin" init --db "sqlite:$work/piped.db" > /dev/null
for i in $(seq "$piped_n"); do
  printf 'From: c%d@bench-customer.example\r\nTo: support@forgedesk.test\r\nSubject: Bench request %d\r\nMessage-ID: <pipe.%d@bench.example>\r\n\r\nPlease look at order %d.\r\n' \
    $((i % 500)) "$i" "$i" "$i" > "$work/m$i.eml"
done
start=$(date +%s.%N)
for i in $(seq "$piped_n"); do "$bin" mail ingest --db "sqlite:$work/piped.db" < "$work/m$i.eml" > /dev/null; done
end=$(date +%s.%N)
piped=$(rate "$piped_n" "$start" "$end")
stored=$(sqlite3 "$work/piped.db" "SELECT COUNT(*) FROM mail_messages")

# --- LMTP ---
"$bin" init --db "sqlite:$work/lmtp.db" > /dev/null
"$bin" serve --db "sqlite:$work/lmtp.db" --listen "127.0.0.1:$port" --lmtp "127.0.0.1:$lmtp" --scheduler-interval 0 2> "$work/serve.log" &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/health" > /dev/null && break; sleep 0.1; done
over_lmtp=$(python3 bench/mail_lmtp.py "$lmtp" "$n" 8)
kill "$server_pid"; wait "$server_pid" || true; server_pid=
stored_lmtp=$(sqlite3 "$work/lmtp.db" "SELECT COUNT(*) FROM mail_messages")

echo "mail ingestion of $n mails on SQLite (synchronous=FULL)"
echo "  baseline, one-row inserts, one fsync each: $baseline rows/s"
echo "  mail ingest, one process per mail ($piped_n):    $piped mails/s ($(awk -v a="$piped" -v b="$baseline" 'BEGIN{printf "%.2f", a/b}') of baseline; $stored stored)"
echo "  LMTP, 8 connections, group commit:          $over_lmtp mails/s ($(awk -v a="$over_lmtp" -v b="$baseline" 'BEGIN{printf "%.2f", a/b}') of baseline; $stored_lmtp stored)"
[ "$stored" = "$piped_n" ] && [ "$stored_lmtp" = "$n" ]
