# Shared by the large-dataset benchmarks (bench/dashboards.sh,
# bench/sustained.sh): sourced after cases is set. Sets bin, port, data (the
# cached dataset's path) and work (a folder removed on exit, with the server
# whose PID is in pid stopped); defines serve_on URL and wrk_latency FILE.
bin=${FORGEDESK_BIN:-build/forgedesk}
port=${FORGEDESK_BENCH_PORT:-19603}
data=build/large-$cases.db
work=$(mktemp -d "$PWD/build/forgedesk-bench-scale.XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  sleep 0.3
  rm -rf "$work"
}
trap cleanup EXIT

# serve_on STORE_URL [SCHEDULER_INTERVAL]: upgrades the schema of a dataset made by an older forgedesk
# (the scheduler then builds any new roll-ups), starts serve (2 loops) and waits until it answers.
serve_on() {
  "$bin" init --db "$1" >/dev/null
  "$bin" serve --db "$1" --listen "127.0.0.1:$port" --threads 2 --scheduler-interval "${2:-60}" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
}

# wrk_latency FILE: wrk --latency output → "req/s p50_ms p99_ms"
wrk_latency() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} /Requests\/sec/ {r = $2}
       END {printf "%.0f %.2f %.2f\n", r, p50, p99}' "$1"
}
