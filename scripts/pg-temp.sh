#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's postgresql package) in a temporary directory on a
# loopback port and prints its URL. Stop it with: scripts/pg-temp.sh stop <dir>
# Usage: eval "$(scripts/pg-temp.sh start)"   # exports ABGLEICH_TEST_PG_URL and ABGLEICH_PG_DIR
set -euo pipefail
cmd=${1:-start}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries not found; install Debian's postgresql package" >&2
  exit 1
fi
run_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    # A free loopback port unless one is asked for, so a server left running elsewhere never collides.
    port=${ABGLEICH_PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
    dir=$(mktemp -d -t abg-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
    run_pg "$bindir/initdb" -D "$dir/data" -U abgleich --auth=trust -E UTF8 >/dev/null
    run_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "export ABGLEICH_TEST_PG_URL=postgres://abgleich@127.0.0.1:$port/postgres"
    echo "export ABGLEICH_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-temp.sh stop <dir>}
    run_pg "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-temp.sh start|stop <dir>" >&2; exit 2 ;;
esac
