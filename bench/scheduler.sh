#!/usr/bin/env bash
# The SLA scheduler's pass against the store (bench/scheduler.c), on a fresh
# demo database with 100 000 more open cases. Usage: bench/scheduler.sh [CASES] [PASSES]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
work=$(mktemp -d "${BENCH_DIR:-$PWD/$build}/forgedesk-bench-scheduler.XXXXXX") # on the project's disk
trap 'rm -rf "$work"' EXIT
"$build/forgedesk" demo --db "sqlite:$work/scheduler.db" >/dev/null
BUILD=$build bench/pinned.sh scheduler "sqlite:$work/scheduler.db" "$@"
