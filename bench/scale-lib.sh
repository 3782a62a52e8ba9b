# Shared by the large-dataset benchmarks (bench/dashboards.sh,
# bench/sustained.sh): sourced after cases is set. Sets bin, port, data (the
# cached dataset's path) and work (a folder removed on exit, with the server
# whose PID is in pid stopped); defines dataset_copy, serve_on URL and
# wrk_latency FILE.
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

# dataset_copy: makes the dataset into $data unless it is there (once: it
# takes minutes), brings a kept one up to the binary's schema and roll-ups
# (a newer migration may add a roll-up), then copies it to $work/large.db
# and sets db to that path.
dataset_copy() {
  if [ ! -f "$data" ]; then
    echo "making the dataset ($cases cases) into $data ..." >&2
    /usr/bin/time -v "$bin" demo --db "sqlite:$data.part" --scale large --cases "$cases" >"$work/demo.log" 2>&1
    grep -E "Elapsed|Maximum resident" "$work/demo.log" >&2
    for f in "$data.part" "$data.part-wal" "$data.part-shm"; do [ -f "$f" ] && mv "$f" "${f/.part/}"; done
  fi
  "$bin" init --db "sqlite:$data" >/dev/null
  "$bin" kpi refresh --db "sqlite:$data" >/dev/null
  sqlite3 "$data" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  cp "$data" "$work/large.db"
  db=$work/large.db
}

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
