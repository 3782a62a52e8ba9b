#!/usr/bin/env bash
# HTTP benchmark: nginx serving a 300-byte static JSON file (the baseline) and
# `forgedesk serve` on the demo database answering GET /api/v1/accounts/{id}
# signed in with an API token, both driven by `wrk -t2 -c64` on loopback in the
# same run. Prints each rate, the ratio to nginx, p99 latency and forgedesk's
# idle resident memory. The two alternate for ROUNDS rounds (default 3) and
# the medians are reported, so a passing burst of other work on the machine
# moves one round, not the figure. Usage: bench/http.sh [SECONDS] [ROUNDS]
# (defaults 10 and 3).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
rounds=${2:-3}
bin=${FORGEDESK_BIN:-build/forgedesk}
work=$(mktemp -d /tmp/forgedesk-bench.XXXXXX)
nginx_port=18181
app_port=18182
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.3
  rm -rf "$work"
}
trap cleanup EXIT

# --- the baseline: nginx and a 300-byte JSON document ---
mkdir -p "$work/www"
head -c 280 /dev/zero | tr '\0' 'x' | sed 's/.*/{"id":1,"name":"&"}/' | head -c 300 >"$work/www/account.json"
chmod -R a+rX "$work"
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port reuseport;
    root $work/www;
    location / { default_type application/json; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"

# --- forgedesk on the demo database ---
"$bin" demo --db "sqlite:$work/demo.db" >/dev/null
token=$("$bin" token create --db "sqlite:$work/demo.db" --username admin --label bench)
"$bin" serve --db "sqlite:$work/demo.db" --listen "127.0.0.1:$app_port" 2>"$work/serve.log" &
pids+=($!)
app_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$app_port/api/v1/health" >/dev/null && break; sleep 0.1; done
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$app_port/api/v1/accounts/42" >/dev/null
sleep 1
idle_kb=$(ps -o rss= -p "$app_pid" | tr -d ' ')

run_wrk() { # URL [header] -> "requests/s p99_ms"
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "$2" "$1"); else out=$(wrk -t2 -c64 -d"${duration}s" --latency "$1"); fi
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "$rps $p99"
}

to_ms() { # wrk latency like 3.21ms / 850.00us / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$work/rounds"
for round in $(seq "$rounds"); do
  read -r nginx_rps nginx_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/account.json")
  read -r app_rps app_p99 < <(run_wrk "http://127.0.0.1:$app_port/api/v1/accounts/42" "Authorization: Bearer $token")
  ratio=$(awk -v a="$app_rps" -v n="$nginx_rps" 'BEGIN { printf "%.2f", a / n }')
  echo "$nginx_rps $(to_ms "$nginx_p99") $app_rps $(to_ms "$app_p99") $ratio" >>"$work/rounds"
  printf '  round %d: nginx %s req/s, forgedesk %s req/s, ratio %s\n' "$round" "$nginx_rps" "$app_rps" "$ratio"
done
column_median() { awk -v c="$1" '{ print $c }' "$work/rounds" | median; }

echo "benchmark: wrk -t2 -c64 -d${duration}s on loopback, $(nproc) cores, median of $rounds rounds"
printf '  %-44s %12s req/s   p99 %8s ms\n' "nginx, 300-byte static JSON (baseline)" "$(column_median 1)" "$(column_median 2)"
printf '  %-44s %12s req/s   p99 %8s ms\n' "forgedesk GET /api/v1/accounts/{id} (token)" "$(column_median 3)" "$(column_median 4)"
echo "  ratio forgedesk / nginx: $(column_median 5) (target >= 0.60)"
echo "  forgedesk idle resident memory: $((idle_kb / 1024)) MiB (target < 30 MiB)"
