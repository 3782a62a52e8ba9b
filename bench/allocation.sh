#!/usr/bin/env bash
# Allocation benchmark: builds bench_allocation (bench/allocation.c) and runs
# it on one core. Usage: bench/allocation.sh [PEOPLE SKILLS OPEN_CASES]
# (default 200 50 20000).
exec "$(dirname "$0")/pinned.sh" allocation "$@"
