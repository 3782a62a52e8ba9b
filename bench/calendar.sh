#!/usr/bin/env bash
# Business-time benchmark: builds bench_calendar (bench/calendar.c) and runs it
# on one core. Usage: bench/calendar.sh [COMPUTATIONS] (default 5 000 000).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target bench_calendar -j2 >/dev/null
if command -v taskset >/dev/null; then
  exec taskset -c 0 "$build/bench_calendar" "$@"
fi
exec "$build/bench_calendar" "$@"
