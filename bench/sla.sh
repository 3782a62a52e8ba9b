#!/usr/bin/env bash
# SLA clock benchmark: builds bench_sla (bench/sla.c) and runs it on one core.
# Usage: bench/sla.sh [CASES] (default 100 000).
exec "$(dirname "$0")/pinned.sh" sla "$@"
