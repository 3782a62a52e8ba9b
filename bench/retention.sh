#!/usr/bin/env bash
# Retention benchmark: `forgedesk serve` on the demo database (300 accounts,
# three years of orders) answering the retention lists — every account's
# health and figures, the silent-attrition list, the book's metrics — against
# the baseline of one account read by id, all driven by `wrk -t2 -c8` on
# loopback in the same run. Prints each rate, its mean latency and the ratio
# of each list's rate to the baseline's. Usage:
# bench/retention.sh [SECONDS] (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
default_port=18183
. bench/serve-lib.sh

"$bin" demo --db "sqlite:$work/demo.db" >/dev/null
token=$("$bin" token create --db "sqlite:$work/demo.db" --username admin)
serve_on "sqlite:$work/demo.db"

# rate PATH: requests per second over the run
rate() {
  wrk -t2 -c8 -d"${duration}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1" |
    awk '/Requests\/sec/ {print $2}'
}
base=$(rate /api/v1/accounts/42)
printf '%-46s %10s req/s  %s\n' "GET /api/v1/accounts/42 (baseline)" "$base" "ratio 1"
for path in /api/v1/retention/accounts?limit=1000 /api/v1/retention/silent-attrition /api/v1/retention/book \
            /api/v1/accounts/42/retention; do
  r=$(rate "$path")
  printf '%-46s %10s req/s  %s\n' "GET $path" "$r" "$(awk -v r="$r" -v b="$base" 'BEGIN {printf "ratio %.4f (1/%.0f)", r / b, b / r}')"
done
