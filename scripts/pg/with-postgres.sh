#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb into a temporary directory, start it
# on 127.0.0.1 at a free port, export VOXCALL_TEST_DATABASE_URL for the command, then stop the
# cluster and delete it whatever the command did. `npm run test:pg` is `with-postgres.sh npm test`.
# The cluster trades durability for speed (fsync off): it holds test data only.
set -euo pipefail
if [ $# -eq 0 ]; then echo "usage: $0 command [args...]" >&2; exit 2; fi

bindir=""
if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
  bindir="$(dirname "$(command -v initdb)")"
else
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
fi
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql" >&2
  exit 1
fi

dir="$(mktemp -d /tmp/voxcall-pg.XXXXXX)"
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
# initdb refuses to run as root: run the server as the postgres user (Debian's package makes it).
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bindir/initdb" -D "$dir/data" -U voxcall -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
export VOXCALL_TEST_DATABASE_URL="postgres://voxcall@127.0.0.1:$port/postgres"
# Tools that drive the cluster itself (the outage test stops and starts it).
export VOXCALL_TEST_PG_CTL="${as[*]:+${as[*]} }$bindir/pg_ctl -D $dir/data"
echo "throwaway PostgreSQL at $VOXCALL_TEST_DATABASE_URL ($dir)" >&2
set +e
"$@"
rc=$?
exit $rc
