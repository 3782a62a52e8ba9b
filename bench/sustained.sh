#!/usr/bin/env bash
# Sustained mixed load (docs/PERFORMANCE.md, "Sustained mixed load"):
# `forgedesk serve` on a copy of the large dataset (bench/dashboards.sh makes
# it) under `wrk -t2 -c16` for SECONDS with a mix of requests
# (bench/sustained.lua): 60 % reads of a record or a case list, 25 % case
# writes (a new case, or a reply on one), 15 % dashboards. Reports the
# throughput, p50 and p99, the server's resident memory at the start
# (after a warm-up minute's worth of requests, SECONDS/5) and at the end,
# and their ratio (target at most 1.10), and runs `kpi verify` afterwards.
# Baseline in the same run: the same server answering only the record read
# for 10 s. Usage: bench/sustained.sh [SECONDS] [CASES] (defaults 300 and
# 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-300}
cases=${2:-1000000}
bin=${FORGEDESK_BIN:-build/forgedesk}
port=${FORGEDESK_BENCH_PORT:-19603}
data=build/large-$cases.db
[ -f "$data" ] || bench/dashboards.sh 1 "$cases" >/dev/null # makes the dataset
work=$(mktemp -d "$PWD/build/forgedesk-bench-sustained.XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  sleep 0.3
  rm -rf "$work"
}
trap cleanup EXIT
cp "$data" "$work/large.db"
db=$work/large.db
token=$("$bin" token create --db "sqlite:$db" --username lead.01)
export FD_TEAM FD_AGENT FD_ACCOUNTS FD_CASES FD_FROM FD_TO
FD_TEAM=$(sqlite3 "$db" "SELECT team_id FROM users WHERE username = 'lead.01'")
FD_AGENT=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'agent.001'")
FD_ACCOUNTS=$(sqlite3 "$db" "SELECT MAX(id) FROM accounts")
FD_CASES=$(sqlite3 "$db" "SELECT MAX(id) FROM cases")
FD_FROM=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
FD_TO=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ); $cases cases"

"$bin" serve --db "sqlite:$db" --listen "127.0.0.1:$port" --threads 2 --scheduler-interval 1 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
url=http://127.0.0.1:$port
latency() { # wrk output → "req/s p50_ms p99_ms"
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} /Requests\/sec/ {r = $2}
       END {printf "%.0f %.2f %.2f\n", r, p50, p99}' "$1"
}

wrk -t2 -c16 -d10s --latency -H "Authorization: Bearer $token" "$url/api/v1/accounts/42" >"$work/base.out"
read -r base_rps base_p50 base_p99 < <(latency "$work/base.out")
warm=$((duration / 5))
wrk -t2 -c16 -d"${warm}s" -s bench/sustained.lua -H "Authorization: Bearer $token" "$url" >/dev/null
start_rss=$(rss)
wrk -t2 -c16 -d"${duration}s" --latency -s bench/sustained.lua -H "Authorization: Bearer $token" "$url" >"$work/mix.out"
end_rss=$(rss)
read -r rps p50 p99 < <(latency "$work/mix.out")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/mix.out")
printf 'baseline GET /api/v1/accounts/42: %s req/s, p50 %s ms, p99 %s ms\n' "$base_rps" "$base_p50" "$base_p99"
printf 'mixed load, %s s: %s req/s (ratio %s), p50 %s ms, p99 %s ms, non-2xx %s\n' "$duration" "$rps" \
  "$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.3f", a / b}')" "$p50" "$p99" "${errors:-0}"
printf 'resident memory: %s KiB after the warm-up, %s KiB at the end (ratio %s, target <= 1.10)\n' "$start_rss" \
  "$end_rss" "$(awk -v a="$end_rss" -v b="$start_rss" 'BEGIN {printf "%.3f", a / b}')"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
"$bin" kpi refresh --db "sqlite:$db" >/dev/null
"$bin" kpi verify --db "sqlite:$db"
