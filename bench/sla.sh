#!/usr/bin/env bash
# SLA clock benchmark: builds bench_sla (bench/sla.c) and runs it
# on one core. Usage: bench/sla.sh [CASES] (default 100 000).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target bench_sla -j2 >/dev/null
if command -v taskset >/dev/null; then
  exec taskset -c 0 "$build/bench_sla" "$@"
fi
exec "$build/bench_sla" "$@"
