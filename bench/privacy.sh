#!/usr/bin/env bash
# Data protection benchmark: on the demo database (300 accounts, three years
# of cases, mail, surveys and their audit trail), the time of erasing a
# contact — which searches every text table and the whole audit trail for
# their name, address and number — and of the retention report, each against
# the baseline of exporting one contact (a dozen indexed reads), all through
# the CLI in the same run (so each includes opening the store). Prints the
# mean of each and its ratio to the baseline. Usage: bench/privacy.sh [N]
# (contacts erased, default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
bin=${FORGEDESK_BIN:-build/forgedesk}
work=$(mktemp -d /tmp/forgedesk-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/demo.db"
"$bin" demo --db "$db" >/dev/null

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

export_total=0 erase_total=0 erased=0 report_total=0 exports=0
for id in $(seq 1 $((n * 2))); do
  [ "$erased" -ge "$n" ] && break
  t=$(date +%s%N); "$bin" privacy export contact "$id" --db "$db" >/dev/null
  export_total=$((export_total + $(ms "$t"))); exports=$((exports + 1))
  t=$(date +%s%N)
  if "$bin" privacy erase "$id" --reason benchmark --db "$db" >/dev/null 2>&1; then
    erase_total=$((erase_total + $(ms "$t"))); erased=$((erased + 1))
  fi
  t=$(date +%s%N); "$bin" privacy retention --db "$db" >/dev/null; report_total=$((report_total + $(ms "$t")))
done
"$bin" audit verify --db "$db"
awk -v e="$export_total" -v ne="$exports" -v r="$erase_total" -v nr="$erased" -v p="$report_total" 'BEGIN {
  be = e / ne; er = r / nr; rp = p / ne
  printf "export of one contact (baseline): %.1f ms (%d runs)\n", be, ne
  printf "erasure of one contact:           %.1f ms (%d erased), %.1f x the baseline\n", er, nr, er / be
  printf "retention report:                 %.1f ms, %.1f x the baseline\n", rp, rp / be
}'
