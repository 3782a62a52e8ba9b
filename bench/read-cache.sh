#!/usr/bin/env bash
# The event loops' read connections, sized (docs/PERFORMANCE.md, "Dashboards
# at scale"): the team KPI month view, an agent's scorecard and SLA
# compliance by account (the 20 worst) served from a copy of the large
# dataset (build/large-CASES.db, made and kept as bench/dashboards.sh does) with
# the page cache and mapping of the loops' read connections set by
# FORGEDESK_READ_CACHE_KIB and FORGEDESK_READ_MMAP_BYTES, in turn: SQLite's
# 2 MiB with no mapping (the default, the baseline measured in the same
# run), a 256 MiB mapping, a 64 MiB cache, a 4 GiB mapping, and both. Every request sends
# Cache-Control: no-cache, so each answer is computed (not taken from the
# answer cache). For each: the median of 20 single
# requests timed by curl and the server's CPU time a request over them
# (user + system, from /proc: what the machine's load does not change),
# p50 and p99 under `wrk -t2 -c8` for SECONDS, and the server's resident
# memory after the run. Prints the ratio of the baseline's CPU time a
# request to each setting's.
# Usage: bench/read-cache.sh [SECONDS] [CASES] (defaults 5 and 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/scale-lib.sh 5 "$@"
dataset_copy
token=$("$bin" token create --db "sqlite:$db" --username lead.01)
team=$(sqlite3 "$db" "SELECT team_id FROM users WHERE username = 'lead.01'")
agent=$(sqlite3 "$db" "SELECT id FROM users WHERE username = 'agent.001'")
month_from=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
month_to=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
echo "dataset: $(sqlite3 "$db" "SELECT COUNT(*) FROM cases") cases, $(($(stat -c %s "$db") / 1048576)) MiB"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
single() { # PATH: "median_ms cpu_ms_per_request" of 20 requests one after another
  local t0 t1 median
  t0=$(cpu_ticks)
  median=$(for _ in $(seq 20); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" -H "Cache-Control: no-cache" \
      "http://127.0.0.1:$port$1"
  done | sort -n | sed -n 10p | awk '{printf "%.1f", $1 * 1000}')
  t1=$(cpu_ticks)
  echo "$median $(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1000 / hz / 20}')"
}
declare -A base
printf '%-10s %-22s %10s %8s %9s %9s %8s %8s\n' figure setting single_ms cpu_ms p50_ms p99_ms rss_MiB ratio
for setting in "2000 0" "2000 268435456" "65536 268435456" "2000 4294967296" "65536 4294967296"; do
  read -r kib bytes <<<"$setting"
  FORGEDESK_READ_CACHE_KIB=$kib FORGEDESK_READ_MMAP_BYTES=$bytes serve_on "sqlite:$db"
  for name in team agent sla; do
    case $name in
    team) path="/api/v1/kpis?team_id=$team&period=month&from=$month_from&to=$month_to" ;;
    agent) path="/api/v1/people/$agent/scorecard" ;;
    sla) path="/api/v1/reports/sla-compliance?group_by=account&sort=compliance&limit=20&from=$month_from&to=$month_to" ;;
    esac
    read -r one cpu < <(single "$path")
    wrk -t2 -c8 -d"${duration}s" --latency -H "Authorization: Bearer $token" -H "Cache-Control: no-cache" \
      "http://127.0.0.1:$port$path" >"$work/wrk.out"
    read -r _ p50 p99 < <(wrk_latency "$work/wrk.out")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    [ -n "${base[$name]:-}" ] || base[$name]=$cpu
    printf '%-10s %-22s %10s %8s %9s %9s %8s %8s\n' "$name" "${kib}KiB/$((bytes / 1048576))MiB" "$one" "$cpu" "$p50" "$p99" \
      "$rss" "$(awk -v b="${base[$name]}" -v p="$cpu" 'BEGIN {if (p > 0) printf "%.2fx", b / p; else print "-"}')"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done
