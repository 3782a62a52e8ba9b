#!/usr/bin/env bash
# Durable writes: creating cases through the API on SQLite against the raw
# rate of single-row inserts with synchronous=FULL, on the same disk in the
# same run.
#   baseline: Debian's sqlite3 shell, a WAL database with synchronous=FULL,
#             N one-row INSERTs each its own transaction (one fsync each);
#   forgedesk: `wrk -t2 -c64` POSTing /api/v1/cases (validation, SLA fields,
#             audit entry, all acknowledged only once on disk), where
#             concurrent requests share one commit (group commit);
#   updates:  `wrk -t2 -c32` PATCHing the priority of the demo's first 128
#             cases (bench/case_updates.lua: If-Match, clocks recomputed,
#             audited), one request at a time per case;
#   the writer alone: bench_case_writes (bench/case_writes.c) running the same
#             requests through the writer thread's code on one thread, no
#             HTTP: the ceiling the one SQLite writer puts on the rate.
# Prints both rates and their ratio, checks that every acknowledged case is
# in the database, and says where the CPU of the creations and of the
# updates went: each kind of server thread's and wrk's, in microseconds a
# request, with the load
# average at the start and the end (the machine may be shared). Usage: bench/cases.sh [SECONDS] [BASELINE_ROWS]
# (defaults 10 and 2000). FORGEDESK_BIN and FORGEDESK_BENCH_WRITER name the
# forgedesk and bench_case_writes binaries to measure (another build's, to
# compare two versions in one session); by default build/'s.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
rows=${2:-2000}
bin=${FORGEDESK_BIN:-build/forgedesk}
work=$(mktemp -d "${BENCH_DIR:-$PWD/build}/forgedesk-bench-cases.XXXXXX") # on the project's disk, not a tmpfs
port=${FORGEDESK_BENCH_PORT:-18184}
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# --- the baseline: one fsync per row ---
raw_rate=$(bench/fsync-baseline.sh "$work" "$rows")

# --- forgedesk ---
db="sqlite:$work/cases.db"
"$bin" demo --db "$db" >/dev/null
token=$("$bin" token create --db "$db" --username amy.shah --label bench)
cp "$work/cases.db" "$work/writer.db"
before=$(sqlite3 "$work/cases.db" "SELECT count(*) FROM cases")
"$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"account_id":42,"type":"technical_support","priority":2,"subject":"Cylinder seal weeping after 200 hours","channel":"email"}'
created = 0
response = function(status, headers, body) if status == 201 then created = created + 1 end end
LUA
# CPU time of the server's threads by name (fd-writer, fd-loop, ...), in clock ticks
thread_ticks() { cat /proc/"$server_pid"/task/*/stat | sed 's/.*(\(.*\)) /\1 /' | awk '{t[$1] += $13 + $14} END {for (n in t) print n, t[n]}'; }
ticks_before=$(thread_ticks)
out=$(/usr/bin/time -o "$work/wrk.time" -f "%U %S" wrk -t2 -c64 -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/api/v1/cases")
ticks_after=$(thread_ticks)
app_rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
# updates: each wrk thread changes the priority of 64 cases of its own (bench/case_updates.lua)
ticks_updates=$(thread_ticks)
updates=$(FD_FIRST=1 FD_PER_THREAD=64 /usr/bin/time -o "$work/wrk-updates.time" -f "%U %S" wrk -t2 -c32 -d"${duration}s" --latency \
  -s bench/case_updates.lua -H "Authorization: Bearer $token" "http://127.0.0.1:$port")
ticks_updated=$(thread_ticks)
update_rate=$(echo "$updates" | awk '/Requests\/sec/ {print $2}')
update_p99=$(echo "$updates" | awk '$1 == "99%" {print $2}')
update_non2xx=$(echo "$updates" | awk '/Non-2xx/ {print $NF}')
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
after=$(sqlite3 "$work/cases.db" "SELECT count(*) FROM cases")
requests=$(echo "$out" | awk '/requests in/ {print $1}')

writer_bin=${FORGEDESK_BENCH_WRITER:-}
if [ -z "$writer_bin" ]; then
  build=$(dirname "$bin")
  cmake --build "$build" --target bench_case_writes -j2 >/dev/null
  writer_bin=$build/bench_case_writes
fi
writer=$("$writer_bin" "sqlite:$work/writer.db" "$token" 10000 64)
writer_rate=$(echo "$writer" | sed -n 's/.*, \([0-9]*\) cases\/s.*/\1/p')
writer_us=$(echo "$writer" | sed -n 's/.*: \([0-9.]*\) us a case.*/\1/p')

echo "benchmark: durable writes on $(df --output=source "$work" | tail -1), $(nproc) cores"
printf '  %-52s %10s rows/s\n' "sqlite3, one-row INSERT per transaction (baseline)" "$raw_rate"
printf '  %-52s %10s req/s   p99 %s\n' "forgedesk POST /api/v1/cases, wrk -t2 -c64" "$app_rate" "$p99"
printf '  %-52s %10s cases/s  (%s us a case)\n' "the writer thread's own work, no HTTP, groups of 64" "$writer_rate" "$writer_us"
printf '  %-52s %10s req/s   p99 %s (%s not 2xx)\n' "forgedesk PATCH /api/v1/cases/{id}, wrk -t2 -c32" "$update_rate" \
  "$update_p99" "${update_non2xx:-0}"
echo "  ratio forgedesk / baseline: creation $(awk -v a="$app_rate" -v b="$raw_rate" 'BEGIN { printf "%.1f", a / b }') (target >= 3), update $(awk -v a="$update_rate" -v b="$raw_rate" 'BEGIN { printf "%.1f", a / b }')"
echo "  cases written: $((after - before)) for $requests requests (${non2xx:-0} not 2xx)"
# where the CPU went, per request: each server thread kind and wrk itself
hz=$(getconf CLK_TCK)
cpu_per_request() { # TICKS_BEFORE TICKS_AFTER WRK_TIME_FILE REQUESTS
  { echo "$1" | sed 's/^/before /'; echo "$2" | sed 's/^/after /'; } |
    awk -v n="$4" -v hz="$hz" '{ v[$2] += ($1 == "after" ? $3 : -$3) }
      END { for (k in v) if (v[k] > 0) printf "%s %.0f, ", k, v[k] * 1e6 / hz / n }'
  awk -v n="$4" '{ printf "wrk %.0f", ($1 + $2) * 1e6 / n }' "$3"
}
update_requests=$(echo "$updates" | awk '/requests in/ {print $1}')
echo "  CPU a creation (us): $(cpu_per_request "$ticks_before" "$ticks_after" "$work/wrk.time" "$requests")"
echo "  CPU an update (us):  $(cpu_per_request "$ticks_updates" "$ticks_updated" "$work/wrk-updates.time" "$update_requests")"
echo "  load average: $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
