#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 cluster for the tests, in a
# temporary folder, on a loopback port; prints the store URL on start.
#   scripts/pg-cluster.sh start DIR PORT   -> postgresql://forgedesk@127.0.0.1:PORT/forgedesk
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh halt DIR [fast|immediate]   stop the server, keep the cluster
#   scripts/pg-cluster.sh resume DIR PORT              start it again (the fault tests)
# initdb refuses to run as root, so as root the cluster belongs to the
# "postgres" system user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
action=${1:?start|stop}
dir=${2:?cluster folder}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

run_server() { # PORT
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories='$dir' -c fsync=on -c max_connections=200" \
    start >/dev/null
}

case "$action" in
start)
  port=${3:?port}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U forgedesk --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  run_server "$port"
  as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U forgedesk forgedesk
  echo "postgresql://forgedesk@127.0.0.1:$port/forgedesk"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
  ;;
halt)
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m "${3:-fast}" -w stop >/dev/null
  ;;
resume)
  run_server "${3:?port}"
  ;;
*)
  echo "usage: $0 start DIR PORT | stop DIR | halt DIR [fast|immediate] | resume DIR PORT" >&2
  exit 2
  ;;
esac
