#!/usr/bin/env bash
# Every test forgedesk has, in one run (what `make test` and CI do):
#   1. unit tests (cmocka, ctest) on SQLite and on a PostgreSQL cluster this
#      script starts in a temporary folder and removes afterwards;
#   2. the HTTP API suite against a real server, on SQLite and on PostgreSQL;
#   3. the browser test (playwright-core driving Debian's chromium);
#   4. an AddressSanitizer + UndefinedBehaviorSanitizer build running 1 and 2;
#   5. the generated docs (docs/PERMISSIONS.md) match the code;
#   6. every fuzz target (libFuzzer, ASan, UBSan) for a short run each
#      (FORGEDESK_FUZZ_SECONDS, default 20); their seeds, findings kept among
#      them, are also replayed by the unit tests of 1 and 4.
#   7. the fault tests (tests/faults): serve killed under load, PostgreSQL
#      restarted under load, a full and a read-only disk, backup and restore.
# Prints one line per suite and a summary; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/test-results"
rm -rf "$results" && mkdir -p "$results"
work=$(mktemp -d /tmp/forgedesk-test.XXXXXX)
chmod 711 "$work" # the cluster's owner (postgres, when run as root) must reach its folder inside
pg_dir="$work/pg"
pg_port=${FORGEDESK_TEST_PG_PORT:-25433}
port_base=${FORGEDESK_TEST_PORT_BASE:-18090} # servers under test listen on port_base .. port_base+4

passed=0
failed=0
failures=()

cleanup() {
  scripts/pg-cluster.sh stop "$pg_dir" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Runs one suite, logging to test-results/NAME.log; records the outcome.
suite() {
  local name=$1
  shift
  local start=$SECONDS
  if "$@" >"$results/$name.log" 2>&1; then
    passed=$((passed + 1))
    printf '  PASS  %-28s %4ds\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '  FAIL  %-28s %4ds  (see test-results/%s.log)\n' "$name" $((SECONDS - start)) "$name"
    tail -n 30 "$results/$name.log" | sed 's/^/        /'
  fi
}

pg_database() { # a fresh, empty database in the test cluster
  local name=$1
  runuser_prefix=()
  [ "$(id -u)" = 0 ] && runuser_prefix=(runuser -u postgres --)
  "${runuser_prefix[@]}" /usr/lib/postgresql/15/bin/createdb -h 127.0.0.1 -p "$pg_port" -U forgedesk "$name"
  echo "postgresql://forgedesk@127.0.0.1:$pg_port/$name"
}

api_suite() { # BUILD_DIR STORE_URL PORT
  FORGEDESK_BIN="$1/forgedesk" FORGEDESK_DB="$2" FORGEDESK_PORT="$3" node tests/api/run.mjs
}

unit_suite() { # BUILD_DIR PG_URL
  (cd "$1" && FORGEDESK_TEST_PG="$2" ctest --output-on-failure)
}

browser_suite() {
  local db="$work/browser.db" port=$((port_base + 2))
  local lmtp="127.0.0.1:$((port + 20))" # mail is delivered over LMTP; no --smtp, so outbound mail stays queued
  build/forgedesk demo --db "sqlite:$db" >/dev/null || return 1
  build/forgedesk serve --db "sqlite:$db" --listen "127.0.0.1:$port" --threads 2 --lmtp "$lmtp" &
  local pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
  FORGEDESK_URL="http://127.0.0.1:$port" FORGEDESK_LMTP="$lmtp" FORGEDESK_ARTIFACTS="$results/browser" node tests/browser/run.mjs
  local rc=$?
  kill "$pid"
  wait "$pid"
  return $rc
}

faults_suite() { # serve on port_base .. port_base+4; stops and starts the test cluster
  FORGEDESK_BIN=build/forgedesk FORGEDESK_PORT="$port_base" FORGEDESK_PG_DIR="$pg_dir" FORGEDESK_PG_PORT="$pg_port" \
    node tests/faults/run.mjs
}

docs_suite() {
  build/forgedesk routes --permissions | diff -u docs/PERMISSIONS.md - &&
    echo "docs/PERMISSIONS.md matches the policy and route tables"
}

fuzz_targets=$(sed -n 's/^FUZZ_TARGETS ?= //p' Makefile)
fuzz_suite() { # TARGET: a short run of one fuzz target (make fuzz-run)
  make --no-print-directory fuzz-run FUZZ_TARGETS="$1" FUZZ_SECONDS="${FORGEDESK_FUZZ_SECONDS:-20}"
}

asan_build() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFORGEDESK_SANITIZE=ON >/dev/null && cmake --build build-asan -j2
}

echo "forgedesk tests"
pg_url=$(scripts/pg-cluster.sh start "$pg_dir" "$pg_port") || { echo "cannot start PostgreSQL"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp

suite unit-tests unit_suite build "$(pg_database unit)"
suite api-sqlite api_suite build "sqlite:$work/api.db" "$port_base"
suite api-postgresql api_suite build "$(pg_database api)" $((port_base + 1))
suite browser browser_suite
suite faults faults_suite
suite docs docs_suite
suite asan-build asan_build
suite asan-unit-tests unit_suite build-asan "$(pg_database asan_unit)"
suite asan-api-sqlite api_suite build-asan "sqlite:$work/asan.db" $((port_base + 3))
suite asan-api-postgresql api_suite build-asan "$(pg_database asan_api)" $((port_base + 4))
suite fuzz-build make --no-print-directory fuzz-build
for target in $fuzz_targets; do suite "fuzz-${target//_/-}" fuzz_suite "$target"; done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "failed: ${failures[*]}"; exit 1; }
