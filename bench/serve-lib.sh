# Shared by the benchmarks that serve forgedesk (bench/retention.sh,
# bench/scale-lib.sh): sourced with default_port set. Sets bin, port (from
# FORGEDESK_BENCH_PORT, else default_port) and work (a folder removed on
# exit, with the server whose PID is in pid stopped); defines serve_on URL
# [SCHEDULER_INTERVAL] and wrk_latency FILE.
bin=${FORGEDESK_BIN:-build/forgedesk}
port=${FORGEDESK_BENCH_PORT:-$default_port}
work=$(mktemp -d "$PWD/build/forgedesk-bench.XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  sleep 0.3
  rm -rf "$work"
}
trap cleanup EXIT

# serve_on STORE_URL [SCHEDULER_INTERVAL]: starts serve (2 loops) and waits until it answers.
serve_on() {
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
