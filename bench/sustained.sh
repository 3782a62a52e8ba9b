#!/usr/bin/env bash
# Sustained mixed load (docs/PERFORMANCE.md, "Sustained mixed load"):
# `forgedesk serve` on a copy of the large dataset (bench/dashboards.sh makes
# it) under `wrk -t2 -c16` for SECONDS with a mix of requests
# (bench/sustained.lua): 60 % reads of a record or a case list, 25 % case
# creations (enquiries and complaints), 15 % dashboards. Reports the
# throughput, p50 and p99, the server's resident memory at the start
# (after a warm-up of SECONDS/5, at most 30 s) and at the end,
# and their ratio (target at most 1.10), and runs `kpi verify` afterwards.
# Baseline in the same run: the same server answering only the record read
# for 10 s. With FORGEDESK_BENCH_PG=postgresql://… (an empty database, or one
# a previous run copied the dataset into) the dataset is copied there
# (bench/pg-copy.sh) and served from PostgreSQL. The run's writes stay in it:
# copy again (an empty database) for runs that must start alike.
# Usage: bench/sustained.sh [SECONDS] [CASES] (defaults 300 and 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/scale-lib.sh 300 "$@"
dataset_copy
url=sqlite:$db
if [ -n "${FORGEDESK_BENCH_PG:-}" ]; then
  url=$FORGEDESK_BENCH_PG
  pg_dataset "$url"
fi
token=$("$bin" token create --db "$url" --username lead.01)
export FD_TEAM FD_AGENT FD_ACCOUNTS FD_FROM FD_TO
FD_TEAM=$(sqlite3 "$db" "SELECT team_id FROM users WHERE username = 'lead.01'")
FD_AGENT=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'agent.001'")
FD_ACCOUNTS=$(sqlite3 "$db" "SELECT MAX(id) FROM accounts")
FD_FROM=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
FD_TO=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ); $cases cases, $url"

serve_on "$url" 1
# resident KiB: all, the heap and other private memory, and mapped file
# pages (SQLite maps the database: the pages a run has touched so far)
rss() { awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s ", $2} END {print ""}' "/proc/$pid/status"; }
site=http://127.0.0.1:$port

wrk -t2 -c16 -d10s --latency -H "Authorization: Bearer $token" "$site/api/v1/accounts/42" >"$work/base.out"
read -r base_rps base_p50 base_p99 < <(wrk_latency "$work/base.out")
warm=$((duration / 5 < 30 ? duration / 5 : 30))
wrk -t2 -c16 -d"${warm}s" -s bench/sustained.lua -H "Authorization: Bearer $token" "$site" >/dev/null
read -r start_rss start_anon start_file < <(rss)
wrk -t2 -c16 -d"${duration}s" --latency -s bench/sustained.lua -H "Authorization: Bearer $token" "$site" >"$work/mix.out"
read -r end_rss end_anon end_file < <(rss)
read -r rps p50 p99 < <(wrk_latency "$work/mix.out")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
errors=$(awk '/Non-2xx/ {print $NF}' "$work/mix.out")
printf 'baseline GET /api/v1/accounts/42: %s req/s, p50 %s ms, p99 %s ms\n' "$base_rps" "$base_p50" "$base_p99"
printf 'mixed load, %s s: %s req/s (ratio %s), p50 %s ms, p99 %s ms, non-2xx %s\n' "$duration" "$rps" \
  "$(ratio "$rps" "$base_rps")" "$p50" "$p99" "${errors:-0}"
printf 'resident memory: %s KiB after the warm-up, %s KiB at the end (ratio %s, target <= 1.10)\n' "$start_rss" \
  "$end_rss" "$(ratio "$end_rss" "$start_rss")"
printf '  of which anonymous (heap): %s -> %s KiB (ratio %s); mapped file pages: %s -> %s KiB\n' "$start_anon" \
  "$end_anon" "$(ratio "$end_anon" "$start_anon")" "$start_file" "$end_file"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
"$bin" kpi refresh --db "$url" >/dev/null
"$bin" kpi verify --db "$url"
