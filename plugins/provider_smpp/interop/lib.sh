# Shared by the interop scripts: their arguments, node-smpp installed beside the build, the
# peer and pigeond started and stopped. Source it, then call take_args "$@".

fail() { echo "FAILED: $*" >&2; exit 1; }

# BUILD_DIR PIGEOND PLUGIN_DIR, which every script takes first: sets build, pigeond, plugins,
# and a fresh work folder.
take_args() {
  mkdir -p "$1"
  build=$(cd "$1" && pwd)
  pigeond=$(readlink -f "$2")
  plugins=$(readlink -f "$3")
  work=$(mktemp -d)
}

interop_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# node-smpp, installed beside the build (never into the source tree), again only when the lock
# file changes.
install_node_smsc() {
  command -v node >/dev/null || fail "node is missing (make test-deps)"
  command -v npm >/dev/null || fail "npm is missing (make test-deps)"
  command -v curl >/dev/null || fail "curl is missing (make test-deps)"
  deps=$build/node-smsc
  mkdir -p "$deps"
  cp "$interop_dir/package.json" "$interop_dir/package-lock.json" "$deps/"
  local lock_hash stamp
  lock_hash=$(cat "$deps/package.json" "$deps/package-lock.json" | sha256sum | cut -d' ' -f1)
  stamp=$deps/node_modules/.pigeon-lock-sha256
  if [ ! -d "$deps/node_modules/smpp" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
    (cd "$deps" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $deps"
    echo "$lock_hash" >"$stamp"
  fi
  cp "$interop_dir/node_smsc.mjs" "$deps/"
}

# Starts the node-smpp server; sets smsc_pid and smsc_port. Its counts go to $work/stats.json
# every tenth of a second and on SIGTERM.
start_node_smsc() {
  setpriv --pdeathsig KILL node "$deps/node_smsc.mjs" "$work/smsc.port" "$work/stats.json" \
    >"$work/smsc.log" 2>&1 &
  smsc_pid=$!
  for _ in $(seq 100); do [ -s "$work/smsc.port" ] && break; sleep 0.1; done
  [ -s "$work/smsc.port" ] || { cat "$work/smsc.log"; fail "the node-smpp server did not start"; }
  smsc_port=$(cat "$work/smsc.port")
}

# One of the peer's counts: binds, submits, distinct, unbinds.
smsc_stat() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$work/stats.json" "$1" 2>/dev/null || echo 0
}

# Writes $work/pigeon.properties for an SMPP instance "smsc" at the peer; extra lines from $1.
write_config() {
  cat >"$work/pigeon.properties" <<PROPS
http.address = 127.0.0.1
http.port = ${http_port:-0}
data.dir = $work/var
plugins.dir = $plugins
provider.smsc.plugin = pigeon.provider.smpp
provider.smsc.host = 127.0.0.1
provider.smsc.port = $smsc_port
provider.smsc.system_id = pigeon
provider.smsc.password = secret
provider.smsc.window = 100
providers.default = smsc
${1:-}
PROPS
}

# Starts pigeond on that config (its log appended to $work/pigeond.log); sets pigeond_pid and api.
start_pigeond() {
  rm -f "$work/var/pigeond.port"
  PIGEON_ADMIN_PASSWORD=interop-password setpriv --pdeathsig KILL "$pigeond" \
    --config "$work/pigeon.properties" >>"$work/pigeond.log" 2>&1 &
  pigeond_pid=$!
  for _ in $(seq 300); do [ -s "$work/var/pigeond.port" ] && break; sleep 0.1; done
  [ -s "$work/var/pigeond.port" ] || { tail -20 "$work/pigeond.log"; fail "pigeond did not start"; }
  api=http://127.0.0.1:$(cat "$work/var/pigeond.port")
  auth=admin:interop-password
}

metric() {  # the value of a /metrics line, 0 when absent
  curl -s "$api/metrics" | awk -v m="$1" '$1 == m {print $2; found=1} END {if (!found) print 0}'
}

cleanup() {
  [ -n "${pigeond_pid:-}" ] && kill "$pigeond_pid" 2>/dev/null || true
  [ -n "${smsc_pid:-}" ] && kill "$smsc_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
