#!/usr/bin/env bash
# Name search at scale: the demo company plus 100,000 imported contacts (names
# with and without accents), then `wrk -t2 -c64` on loopback against
#   the baseline: GET /api/v1/contacts/{id}, a read by key;
#   a prefix search: GET /api/v1/contacts?q=mul (finds Müller, Mullins, …);
#   a two-word search: GET /api/v1/contacts?q=jurgen%20mull;
# all in the same run, signed in with an API token. Prints each rate, p99 and
# the ratio of each search to the read by key, and how long the import took.
# Usage: bench/search.sh [SECONDS] [CONTACTS] (defaults 10 and 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
contacts=${2:-100000}
bin=${FORGEDESK_BIN:-build/forgedesk}
work=$(mktemp -d /tmp/forgedesk-bench-search.XXXXXX)
port=18183
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/search.db"
"$bin" demo --db "$db" >/dev/null
# Accounts whose name is unique, so each CSV row names exactly one.
sqlite3 "$work/search.db" "SELECT name FROM accounts GROUP BY name HAVING count(*) = 1 ORDER BY name" >"$work/accounts.txt"

# Deterministic names: first names and surnames from the customers' countries,
# a sixth of them spelled with accents.
awk -v n="$contacts" '
  BEGIN {
    split("Jürgen Hans Anna Zoë Björn Łukasz Agnieszka Pieter Sanne Émile Chloé Erik Ingrid Oliver Amelia George Isla Jack Grace Noah Freya", first, " ")
    split("Müller Mullins Schröder Nowak Kowalski Jansen de Vries Lefèvre Dubois Andersson Lindqvist Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Thompson Hughes Edwards Green Hall Wood Clarke Jackson Turner Hill Moore Ward Watson Morris Cooper Bailey Bell Murphy Kelly Price Bennett Gray Cook Fox Marsh", last, " ")
    nf = length(first); nl = length(last)
    while ((getline line < ARGV[1]) > 0) acct[++na] = line
    ARGV[1] = ""
    print "account,name,audience,consent,lawful_basis"
    seed = 12345
    for (i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648; f = first[1 + seed % nf]
      seed = (seed * 1103515245 + 12345) % 2147483648; l = last[1 + seed % nl]
      seed = (seed * 1103515245 + 12345) % 2147483648; a = acct[1 + seed % na]
      gsub(/"/, "\"\"", a)
      printf "\"%s\",\"%s %s %d\",%s,not_asked,legitimate_interests\n", a, f, l, i, (i % 2 ? "technical" : "commercial")
    }
  }' "$work/accounts.txt" >"$work/contacts.csv"

import_start=$(date +%s.%N)
"$bin" import contacts "$work/contacts.csv" --db "$db" >/dev/null
import_seconds=$(awk -v s="$import_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

token=$("$bin" token create --db "$db" --username admin --label bench)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
auth="Authorization: Bearer $token"
some_id=$(sqlite3 "$work/search.db" "SELECT id FROM contacts ORDER BY id DESC LIMIT 1 OFFSET 5000")
hits=$(curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/contacts?q=mul&limit=200" | grep -o '"id":' | wc -l)
[ "$hits" -gt 0 ] || { echo "search for 'mul' found nothing" >&2; exit 1; }

run_wrk() { # PATH -> "requests/s p99"
  local out
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "$auth" "http://127.0.0.1:$port$1")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1 == "99%" {print $2}')"
}
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

read -r key_rps key_p99 < <(run_wrk "/api/v1/contacts/$some_id")
read -r prefix_rps prefix_p99 < <(run_wrk "/api/v1/contacts?q=mul")
read -r words_rps words_p99 < <(run_wrk "/api/v1/contacts?q=jurgen%20mull")

echo "benchmark: $contacts imported contacts, wrk -t2 -c64 -d${duration}s on loopback, $(nproc) cores"
echo "  import of $contacts contacts: ${import_seconds} s"
printf '  %-46s %10s req/s   p99 %7s ms\n' "GET /contacts/{id} (baseline)" "$key_rps" "$(to_ms "$key_p99")"
printf '  %-46s %10s req/s   p99 %7s ms   ratio %s\n' "GET /contacts?q=mul (first page of 50)" "$prefix_rps" "$(to_ms "$prefix_p99")" \
  "$(awk -v a="$prefix_rps" -v b="$key_rps" 'BEGIN { printf "%.2f", a / b }')"
printf '  %-46s %10s req/s   p99 %7s ms   ratio %s\n' "GET /contacts?q=jurgen%20mull" "$words_rps" "$(to_ms "$words_p99")" \
  "$(awk -v a="$words_rps" -v b="$key_rps" 'BEGIN { printf "%.2f", a / b }')"
