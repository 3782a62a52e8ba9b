#!/usr/bin/env bash
# Builds one benchmark target, bench_NAME, and runs it pinned to one core
# (taskset -c 0 where there is taskset). Usage: bench/pinned.sh NAME [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
shift
build=${BUILD:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "bench_$name" -j2 >/dev/null
if command -v taskset >/dev/null; then
  exec taskset -c 0 "$build/bench_$name" "$@"
fi
exec "$build/bench_$name" "$@"
