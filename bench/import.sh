#!/usr/bin/env bash
# Case import benchmark: `forgedesk import cases` of a generated CSV file of
# ROWS cases (default 1,000,000) into a copy of a fresh demo database, beside
# the baseline of the sqlite3 shell's `.import --csv` of the same file into a
# plain table with the same columns, in the same run. Prints each one's wall
# time, peak memory (/usr/bin/time -v) and rows per second, and the ratio.
# The file is deterministic for a given day: the demo's accounts (with their
# contacts), teams and staff, two years of cases ending yesterday (awk, with
# its own generator, so every awk writes the same file).
# With FORGEDESK_BENCH_PG=postgresql://… (an empty database) the import is
# also run into a demo database there, and reported beside SQLite's.
# Usage: bench/import.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
bin=${FORGEDESK_BIN:-build/forgedesk}
pg=${FORGEDESK_BENCH_PG:-}
work=$(mktemp -d "$PWD/build/forgedesk-bench-import.XXXXXX")
trap '[ -n "${FORGEDESK_BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT

"$bin" demo --db "sqlite:$work/demo.db" >/dev/null 2>&1
csv=$work/cases.csv
{
  sqlite3 -separator '|' "$work/demo.db" \
    "SELECT 'A', a.name, COALESCE((SELECT email FROM contacts c WHERE c.account_id = a.id AND email IS NOT NULL ORDER BY id LIMIT 1), '') FROM accounts a ORDER BY a.id;
     SELECT 'T', name, '' FROM teams ORDER BY id;
     SELECT 'U', username, '' FROM users WHERE active = 1 AND role IN ('agent', 'team_leader') ORDER BY id;"
} | awk -F'|' -v rows="$rows" -v today="$(($(date -u +%s) / 86400))" '
  BEGIN { na = nt = nu = 0 }
  $1 == "A" { acc[na] = $2; con[na++] = $3; next }
  $1 == "T" { team[nt++] = $2; next }
  $1 == "U" { user[nu++] = $2; next }
  function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
  function q(s) { return s ~ /[",]/ ? "\"" gensub_q(s) "\"" : s }
  function gensub_q(s,   t) { t = s; gsub(/"/, "\"\"", t); return t }
  function iso(t,   d, s, y, m, doy, mp) {
    d = int(t / 86400); s = t - d * 86400
    # days since 1970-01-01 to a civil date (Howard Hinnant)
    d += 719468; era = int(d / 146097); doe = d - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
    m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, doy - int((153 * mp + 2) / 5) + 1, int(s / 3600), int(s % 3600 / 60), s % 60)
  }
  END {
    split("enquiry technical_support complaint return order_change internal_request", types, " ")
    split("phone email portal visit meeting", channels, " ")
    split("Seal leak on cylinder|Pump noise at full load|Late delivery of order|Wrong part delivered|Quote for replacement valve|Pressure drop in circuit|Return of damaged hose|Spare kit for press|Invoice query|Commissioning help", subjects, "|")
    split("open waiting_on_customer waiting_on_internal new", working, " ")
    seed = 42
    start = (today - 730) * 86400; now = today * 86400
    print "account,contact,type,priority,status,subject,description,channel,team,assignee,opened_at,first_response_at,resolved_at,closed_at"
    for (i = 0; i < rows; i++) {
      a = rnd(na); opened = start + int(i / rows * 729 * 86400) + 7 * 3600 + rnd(36000)
      replied = rnd(100) < 90 ? opened + 300 + rnd(6 * 3600) : 0
      resolved = opened + 1800 + rnd(rnd(10) ? 3 * 86400 : 30 * 86400)
      if (replied > resolved) replied = resolved
      closed = resolved + 3 * 86400
      if (resolved >= now - 3600 || (now - opened < 10 * 86400 && rnd(100) < 40)) { status = working[1 + rnd(4)]; resolved = 0; closed = 0; if (status == "new") replied = 0 }
      else if (closed < now && rnd(100) < 60) status = "closed"
      else { status = "resolved"; closed = 0 }
      printf "%s,%s,%s,%d,%s,%s %d,%s,%s,%s,%s,%s,%s,%s,%s\n", q(acc[a]), con[a], types[1 + rnd(6)], 1 + rnd(4), status,
        subjects[1 + rnd(10)], 1000 + rnd(9000), rnd(3) ? "" : "\"Reported by the customer, line stopped\"",
        channels[1 + rnd(5)], rnd(10) ? q(team[rnd(nt)]) : "", rnd(10) ? user[rnd(nu)] : "", iso(opened),
        replied ? iso(replied) : "", resolved ? iso(resolved) : "", closed ? iso(closed) : ""
    }
  }' >"$csv"
echo "file: $rows cases, $(($(stat -c %s "$csv") / 1048576)) MiB"

# timed LABEL COMMAND...: runs it under /usr/bin/time -v; prints and returns "seconds peak_MiB"
timed() {
  local label=$1
  shift
  /usr/bin/time -v "$@" >"$work/$label.out" 2>"$work/$label.err" || { cat "$work/$label.err" >&2; exit 1; }
  awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]}
       /Maximum resident set size/ {m = $NF / 1024} END {printf "%.2f %.0f\n", s, m}' "$work/$label.err"
}
report() { # LABEL SECONDS MIB [BASE_RATE]
  awk -v l="$1" -v s="$2" -v m="$3" -v r="$rows" -v b="${4:-}" 'BEGIN {
    printf "%-44s %8.1f s %8.0f rows/s %6.0f MiB", l, s, r / s, m
    if (b != "") printf "  ratio %.3f of the baseline (%.1fx slower)", (r / s) / b, b / (r / s)
    printf "\n" }'
}

read -r base_s base_m < <(timed sqlite3 sqlite3 "$work/plain.db" \
  "CREATE TABLE cases (account TEXT, contact TEXT, type TEXT, priority TEXT, status TEXT, subject TEXT, description TEXT, channel TEXT, team TEXT, assignee TEXT, opened_at TEXT, first_response_at TEXT, resolved_at TEXT, closed_at TEXT)" \
  ".import --csv --skip 1 $csv cases")
base_rate=$(awk -v r="$rows" -v s="$base_s" 'BEGIN {print r / s}')
report "sqlite3 .import --csv (baseline)" "$base_s" "$base_m"

cp "$work/demo.db" "$work/copy.db"
read -r imp_s imp_m < <(timed import "$bin" import cases "$csv" --db "sqlite:$work/copy.db")
report "forgedesk import cases (SQLite)" "$imp_s" "$imp_m" "$base_rate"
sed 's/^/  /' "$work/import.out"
[ "$(sqlite3 "$work/copy.db" "SELECT count(*) FROM cases")" -ge "$rows" ] || { echo "the cases are not all there" >&2; exit 1; }

if [ -n "$pg" ]; then
  "$bin" demo --db "$pg" >/dev/null 2>&1
  read -r pg_s pg_m < <(timed pg "$bin" import cases "$csv" --db "$pg")
  report "forgedesk import cases (PostgreSQL)" "$pg_s" "$pg_m" "$base_rate"
  sed 's/^/  /' "$work/pg.out"
fi
