#!/usr/bin/env bash
# Business-time benchmark: builds bench_calendar (bench/calendar.c) and runs it
# on one core. Usage: bench/calendar.sh [COMPUTATIONS] (default 5 000 000).
exec "$(dirname "$0")/pinned.sh" calendar "$@"
