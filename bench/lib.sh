# Sourced by the bench scripts (after `set -euo pipefail`), with the script's arguments:
#   $root   the project, $build the build folder (the script's first argument, default build)
#   $work   a scratch folder, removed on exit with any pigeond and MariaDB started from here
#   auth    curl's arguments for the admin account the benches give pigeond
#   start_mariadb             starts the throwaway server (PIGEON_MDB_* from the caller's
#                             environment) and sets $mdb_url
#   start_pigeond DIR URL [PROPERTIES]
#                             writes DIR/pigeon.properties (simulator provider `sim`, the
#                             lines in PROPERTIES added), starts pigeond on store URL, waits
#                             until it listens; sets $pid, $port and $api
#   stop_pigeond              stops it (SIGTERM) and waits
#   sql LABEL STORE QUERY     runs a query on the store a run used (sqlite: its file; else
#                             its url) and prints the answer, tab-separated
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "$root" && cd "${1:-build}" && pwd)
work=$(mktemp -d)
pid=
mdb_started=
auth=(-u admin:bench-password)

bench_cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$mdb_started" ] && "$root/tests/support/mariadb.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap bench_cleanup EXIT

start_mariadb() {
  mdb_url=$("$root/tests/support/mariadb.sh" start)
  mdb_started=1
}

start_pigeond() {  # $1 = folder, $2 = db url, $3 = more properties (lines)
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/pigeon.properties" <<PROPS
http.port = 0
data.dir = $dir/var
db.url = $2
plugins.dir = $build/plugins
provider.sim.plugin = pigeon.provider.simulator
${3:-}
PROPS
  PIGEON_ADMIN_PASSWORD=bench-password "$build/bin/pigeond" --config "$dir/pigeon.properties" \
    >"$dir/pigeond.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do [ -s "$dir/var/pigeond.port" ] && break; sleep 0.1; done
  port=$(cat "$dir/var/pigeond.port")
  api="http://127.0.0.1:$port/api/v1"
}

stop_pigeond() {
  kill "$pid" && wait "$pid" || true
  pid=
}

sql() {  # $1 = store label, $2 = db path or url, $3 = query
  if [ "$1" = sqlite ]; then
    sqlite3 "$2" "$3"
  else
    python3 - "$2" "$3" <<'PY'
import subprocess, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
out = subprocess.run(["mariadb", "-h", u.hostname, "-P", str(u.port), "-u", u.username,
                      f"-p{u.password}", u.path.lstrip("/"), "-N", "-B", "-e", sys.argv[2]],
                     check=True, capture_output=True, text=True).stdout
print(out, end="")
PY
  fi
}
