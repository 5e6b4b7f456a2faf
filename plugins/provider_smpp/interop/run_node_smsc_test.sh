#!/usr/bin/env bash
# Interop: pigeond with pigeon.provider.smpp against node-smpp's server (npm `smpp`), a peer we
# did not write. Sends 2 000 single messages and one long UCS-2 text through the API, waits
# until pigeond counts every message delivered (the peer's receipts), checks an inbound SMS
# arrived, then stops both and compares the peer's count of submit_sm with what was sent:
# nothing missing, nothing twice.
#   run_node_smsc_test.sh BUILD_DIR PIGEOND PLUGIN_DIR
set -euo pipefail
fail() { echo "FAILED: $*" >&2; exit 1; }
[ $# -eq 3 ] || fail "usage: $0 BUILD_DIR PIGEOND PLUGIN_DIR"
command -v node >/dev/null || fail "node is missing (make test-deps)"
command -v npm >/dev/null || fail "npm is missing (make test-deps)"
command -v curl >/dev/null || fail "curl is missing (make test-deps)"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
build=$(cd "$1" && pwd)
pigeond=$(readlink -f "$2")
plugins=$(readlink -f "$3")

# node-smpp, installed beside the build (never into the source tree), again only when the lock
# file changes.
deps=$build/node-smsc
mkdir -p "$deps"
cp "$here/package.json" "$here/package-lock.json" "$deps/"
lock_hash=$(cat "$deps/package.json" "$deps/package-lock.json" | sha256sum | cut -d' ' -f1)
stamp=$deps/node_modules/.pigeon-lock-sha256
if [ ! -d "$deps/node_modules/smpp" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  (cd "$deps" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $deps"
  echo "$lock_hash" >"$stamp"
fi
cp "$here/node_smsc.mjs" "$deps/"

work=$(mktemp -d)
smsc_pid= pigeond_pid=
cleanup() {
  [ -n "$pigeond_pid" ] && kill "$pigeond_pid" 2>/dev/null || true
  [ -n "$smsc_pid" ] && kill "$smsc_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

setpriv --pdeathsig KILL node "$deps/node_smsc.mjs" "$work/smsc.port" "$work/stats.json" \
  >"$work/smsc.log" 2>&1 &
smsc_pid=$!
for _ in $(seq 100); do [ -s "$work/smsc.port" ] && break; sleep 0.1; done
[ -s "$work/smsc.port" ] || { cat "$work/smsc.log"; fail "the node-smpp server did not start"; }
smsc_port=$(cat "$work/smsc.port")

cat >"$work/pigeon.properties" <<PROPS
http.address = 127.0.0.1
http.port = 0
data.dir = $work/var
plugins.dir = $plugins
provider.smsc.plugin = pigeon.provider.smpp
provider.smsc.host = 127.0.0.1
provider.smsc.port = $smsc_port
provider.smsc.system_id = pigeon
provider.smsc.password = secret
provider.smsc.window = 100
providers.default = smsc
PROPS
PIGEON_ADMIN_PASSWORD=interop-password setpriv --pdeathsig KILL "$pigeond" \
  --config "$work/pigeon.properties" >"$work/pigeond.log" 2>&1 &
pigeond_pid=$!
for _ in $(seq 300); do [ -s "$work/var/pigeond.port" ] && break; sleep 0.1; done
[ -s "$work/var/pigeond.port" ] || { cat "$work/pigeond.log"; fail "pigeond did not start"; }
api=http://127.0.0.1:$(cat "$work/var/pigeond.port")
auth=admin:interop-password

metric() {  # the value of a /metrics line, 0 when absent
  curl -s "$api/metrics" | awk -v m="$1" '$1 == m {print $2; found=1} END {if (!found) print 0}'
}

total=2000
for batch in $(seq 0 3); do
  body=$(python3 - "$batch" <<'PY'
import json, sys
b = int(sys.argv[1])
print(json.dumps({"messages": [{"to": "+7912%07d" % (b * 500 + i), "text": "Code %d" % (b * 500 + i)}
                               for i in range(500)]}))
PY
)
  code=$(curl -s -o "$work/answer.json" -w '%{http_code}' -u "$auth" -X POST "$api/api/v1/messages" -d "$body")
  [ "$code" = 202 ] || { cat "$work/answer.json"; fail "batch $batch was answered $code"; }
done
long_text=$(python3 -c 'print("Привет, мир! " * 20)')
code=$(curl -s -o "$work/answer.json" -w '%{http_code}' -u "$auth" -X POST "$api/api/v1/messages" \
  -d "{\"to\":\"+79123456789\",\"text\":\"$long_text\"}")
[ "$code" = 202 ] || fail "the long message was answered $code"
parts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parts"])' "$work/answer.json")

expected=$((total + 1))
delivered=0
for _ in $(seq 600); do
  delivered=$(metric 'pigeon_messages_total{status="delivered"}')
  [ "$delivered" -ge "$expected" ] && break
  sleep 0.1
done
[ "$delivered" -ge "$expected" ] || { tail -20 "$work/pigeond.log"; fail "$delivered of $expected delivered after 60 s"; }
inbound=$(metric pigeon_inbound_total)
[ "$inbound" -ge 1 ] || fail "the peer's inbound SMS did not arrive (pigeon_inbound_total = $inbound)"

kill "$pigeond_pid"; wait "$pigeond_pid" || true; pigeond_pid=
kill "$smsc_pid"; wait "$smsc_pid" || true; smsc_pid=
read -r binds submits distinct unbinds < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["binds"], s["submits"], s["distinct"], s["unbinds"])' "$work/stats.json")
want=$((total + parts))
echo "node-smpp saw: $binds bind(s), $submits submit_sm ($distinct distinct), $unbinds unbind(s); pigeond: $delivered delivered, $inbound inbound"
[ "$submits" -eq "$want" ] || fail "the peer got $submits submit_sm, expected $want ($total + $parts parts)"
[ "$distinct" -eq "$submits" ] || fail "$((submits - distinct)) submit_sm were sent twice"
[ "$unbinds" -ge 1 ] || fail "pigeond did not unbind when it stopped"
echo "ok"
