#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for the integration tests: its own data directory, listening
# only on 127.0.0.1 at the given port (and a Unix socket inside the data directory), a database and a
# password-authenticated role for the application (allowed to create databases: each test class makes its
# own). Uses the Debian packages' binaries (postgresql).
#
#   postgres-cluster.sh start DIR PORT DATABASE USER PASSWORD
#   postgres-cluster.sh stop DIR
#   postgres-cluster.sh bindir          # prints the binaries' directory, exit 3 when PostgreSQL is absent
#
# PostgreSQL refuses to run as root: when started by root, the server runs as the 'postgres' user that
# the Debian package creates.
set -euo pipefail

bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 3
}

as_owner() { # runs a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
case "$cmd" in
  bindir)
    bindir || { echo "PostgreSQL binaries (initdb, pg_ctl) not found" >&2; exit 3; } ;;
  start)
    dir=$2 port=$3 db=$4 user=$5 password=$6
    bin=$(bindir) || { echo "PostgreSQL binaries (initdb, pg_ctl) not found" >&2; exit 3; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "running as root, but there is no 'postgres' user to run the server" >&2; exit 1; }
      chown postgres "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres)
    if [ "$(as_owner "${psql[@]}" -tAc "select 1 from pg_roles where rolname='$user'")" != 1 ]; then
      as_owner "${psql[@]}" -c "create role \"$user\" login createdb password '$password'"
    fi
    if [ "$(as_owner "${psql[@]}" -tAc "select 1 from pg_database where datname='$db'")" != 1 ]; then
      as_owner "${psql[@]}" -c "create database \"$db\" owner \"$user\""
    fi
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, database $db, user $user (data in $dir/data)" ;;
  stop)
    dir=$2
    bin=$(bindir) || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi ;;
  *)
    sed -n '2,12p' "$0"; exit 2 ;;
esac
