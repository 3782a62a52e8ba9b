#!/usr/bin/env bash
# Copies a forgedesk SQLite database into an empty PostgreSQL database, table
# by table with COPY, so the large-dataset benchmarks run on PostgreSQL with
# exactly the rows they run on with SQLite (docs/PERFORMANCE.md). The
# generator itself works on PostgreSQL too, but writes one row a round trip,
# which for the million-case dataset takes hours rather than minutes.
# Usage: bench/pg-copy.sh SQLITE_FILE POSTGRESQL_URL
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?SQLite database file}
pg=${2:?postgresql:// URL of an empty database}
bin=${FORGEDESK_BIN:-build/forgedesk}

"$bin" init --db "$pg" >/dev/null
q() { psql "$pg" -tAq -v ON_ERROR_STOP=1 -c "$1"; }
# Tables both stores have, but not the migration ledger (init wrote it).
tables=$(q "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND
  table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name")
# The rows init seeded (settings, the chain head) are replaced by the copy's.
q "TRUNCATE $(echo $tables | sed 's/ /, /g') RESTART IDENTITY"
for t in $tables; do
  cols=$(sqlite3 "$src" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
  [ -n "$cols" ] || continue
  # Replica mode: no triggers fire (foreign keys were checked where the rows
  # were made; the roll-up marks are copied as they stand, with the roll-ups).
  sqlite3 "$src" ".mode csv" ".nullvalue '\N'" "SELECT $cols FROM $t" |
    psql "$pg" -q -v ON_ERROR_STOP=1 \
      -c "SET session_replication_role = replica" \
      -c "\copy $t ($cols) FROM STDIN WITH (FORMAT csv, NULL '\N')"
done
# Identity columns continue after the copied ids.
q "SELECT setval(pg_get_serial_sequence(table_name, column_name), COALESCE(m.max_id, 0) + 1, false)
   FROM information_schema.columns c,
   LATERAL (SELECT (xpath('/row/m/text()', query_to_xml(format('SELECT MAX(%I) AS m FROM %I', column_name,
     table_name), false, true, '')))[1]::text::bigint AS max_id) m
   WHERE c.table_schema = 'public' AND c.is_identity = 'YES'" >/dev/null
q "ANALYZE"
echo "copied $(echo $tables | wc -w) tables into $pg" >&2
