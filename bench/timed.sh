#!/usr/bin/env bash
# Runs one benchmark script with its arguments and says how long it took,
# so that `make bench` shows where its minutes go; the script's own exit
# status is kept. Usage: bench/timed.sh SCRIPT [ARGS...]
set -uo pipefail
start=$(date +%s)
"$@"
status=$?
echo "($1 took $(($(date +%s) - start)) s)"
exit "$status"
