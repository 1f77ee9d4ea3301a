#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + PostGIS cluster as the postgres user, on a free port, trusting local
# connections, and prints its DATABASE_URL. Usage: scripts/ci/pg-cluster.sh DIR  (stop: pg_ctl -D DIR/data stop)
set -euo pipefail
dir=${1:?usage: pg-cluster.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir"
chown postgres:postgres "$dir"
su postgres -c "$bindir/initdb -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log"
su postgres -c "$bindir/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
su postgres -c "$bindir/createdb -h 127.0.0.1 -p $port -U postgres panhuo"
echo "postgres://postgres@127.0.0.1:$port/panhuo"
