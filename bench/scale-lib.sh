# Shared by the large-dataset benchmarks (bench/dashboards.sh,
# bench/sustained.sh): sourced after cases is set. What bench/serve-lib.sh
# sets and defines, and data (the kept dataset's path) and dataset_copy.
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
