# Shared by the large-dataset benchmarks (bench/dashboards.sh,
# bench/sustained.sh, bench/read-cache.sh), sourced as
# `. bench/scale-lib.sh DEFAULT_SECONDS "$@"`: sets duration (the script's
# SECONDS argument, else DEFAULT_SECONDS) and cases (its CASES argument,
# else 1,000,000), what bench/serve-lib.sh sets and defines, and data (the
# kept dataset's path); defines dataset_copy and pg_dataset.
duration=${2:-$1}
cases=${3:-1000000}
default_port=19603
. bench/serve-lib.sh
data=build/large-$cases.db

# dataset_copy: makes the dataset into $data unless it is there (once: it
# takes minutes), brings a kept one up to the binary's schema and roll-ups
# (a newer migration may add a roll-up), then copies it to $work/large.db
# and sets db to that path.
dataset_copy() {
  if [ ! -f "$data" ]; then
    echo "making the dataset ($cases cases) into $data ..." >&2
    /usr/bin/time -v "$bin" demo --db "sqlite:$data.part" --scale large --cases "$cases" >"$work/demo.log" 2>&1
    grep -E "Elapsed|Maximum resident" "$work/demo.log" >&2
    for f in "$data.part" "$data.part-wal" "$data.part-shm"; do [ -f "$f" ] && mv "$f" "${f/.part/}"; done
  fi
  "$bin" init --db "sqlite:$data" >/dev/null
  "$bin" kpi refresh --db "sqlite:$data" >/dev/null
  sqlite3 "$data" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  cp "$data" "$work/large.db"
  db=$work/large.db
}

# pg_dataset URL: the dataset in PostgreSQL database URL. An empty database
# gets the copy of $db (bench/pg-copy.sh: minutes); one that already holds it
# (as many cases as $db) is kept and brought up to the binary's schema and
# roll-ups like the SQLite file; one holding anything else is refused.
pg_dataset() {
  local have
  have=$(psql "$1" -tAq -c "SELECT COUNT(*) FROM cases" 2>/dev/null || echo 0)
  if [ "$have" = 0 ]; then
    bench/pg-copy.sh "$db" "$1"
  elif [ "$have" = "$(sqlite3 "$db" "SELECT COUNT(*) FROM cases")" ]; then
    "$bin" init --db "$1" >/dev/null
    "$bin" kpi refresh --db "$1" >/dev/null
  else
    echo "$1 holds $have cases, not this dataset: give an empty database" >&2
    return 1
  fi
}
