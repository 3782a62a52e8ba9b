#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 cluster for the tests, in a
# temporary folder, on a loopback port; prints the store URL on start.
#   scripts/pg-cluster.sh start DIR PORT   -> postgresql://forgedesk@127.0.0.1:PORT/forgedesk
#   scripts/pg-cluster.sh stop DIR
# initdb refuses to run as root, so as root the cluster belongs to the
# "postgres" system user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
action=${1:?start|stop}
dir=${2:?cluster folder}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  port=${3:?port}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U forgedesk --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=on -c max_connections=200" \
    start >/dev/null
  as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U forgedesk forgedesk
  echo "postgresql://forgedesk@127.0.0.1:$port/forgedesk"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
  ;;
esac
