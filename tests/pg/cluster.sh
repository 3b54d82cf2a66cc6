# Sourced: starts a throw-away PostgreSQL cluster of Debian's packages (its own
# directory, port and socket directory; as the postgres user when run as root), sets
# $pg_url, and stops and removes it on exit. Used by tests/pg/pg_test.sh and tools/bench.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (tools/setup installs it)" >&2; return 1; }
pg_tmp=$(mktemp -d /tmp/crm-pg.XXXXXX)
chmod 755 "$pg_tmp"
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir "$pg_tmp/data" "$pg_tmp/run" # the cluster, and its socket and log
if [ "$(id -u)" = 0 ]; then chown postgres "$pg_tmp/data" "$pg_tmp/run"; fi
pg_port=$((20000 + RANDOM % 20000))
pg_stop() { pg_as "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m fast stop >/dev/null 2>&1; rm -rf "$pg_tmp"; }
trap pg_stop EXIT
pg_as "$pg_bin/initdb" -D "$pg_tmp/data" -A trust -U crm --no-sync -E UTF8 --locale=C.UTF-8 >"$pg_tmp/initdb.log" 2>&1 \
  || { cat "$pg_tmp/initdb.log" >&2; return 1; }
pg_as "$pg_bin/pg_ctl" -D "$pg_tmp/data" -w -l "$pg_tmp/run/server.log" \
  -o "-p $pg_port -k $pg_tmp/run -c listen_addresses='' -c fsync=off" start >/dev/null \
  || { cat "$pg_tmp/run/server.log" >&2; return 1; }
pg_url="postgresql://crm@/postgres?host=$pg_tmp/run&port=$pg_port"
