#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server on loopback for the test suite, installing Debian's
# postgresql package if it is missing. Prints the DATABASE_URL to use on its last line.
# Usage: scripts/postgres.sh start|stop
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PORT="${OPENIOP_PG_PORT:-54329}"
DIR="${OPENIOP_PG_DIR:-/tmp/openiop-pg-$PORT}"
URL="postgres://openiop@127.0.0.1:$PORT/openiop"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# initdb refuses to run as root: a root caller runs the server as the postgres system user.
as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  [ -n "$(pg_bin)" ] || { echo "Installing Debian's postgresql ..." >&2; apt_install postgresql >&2; }
  local bin; bin="$(pg_bin)"
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    # trust on loopback only: a private, throwaway cluster for tests.
    as_db_user "$bin/initdb" -D "$DIR" -U openiop --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_db_user "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_db_user "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  fi
  as_db_user "$bin/psql" -h 127.0.0.1 -p "$PORT" -U openiop -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='openiop'" | grep -q 1 ||
    as_db_user "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U openiop openiop
  echo "$URL"
}

stop() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] && [ -f "$DIR/PG_VERSION" ] && as_db_user "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/postgres.sh start|stop" >&2; exit 2 ;;
esac
