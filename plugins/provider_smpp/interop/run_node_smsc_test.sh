#!/usr/bin/env bash
# Interop: pigeond with pigeon.provider.smpp against node-smpp's server (npm `smpp`), a peer we
# did not write. Sends 2 000 single messages and one long UCS-2 text through the API, waits
# until pigeond counts every message delivered (the peer's receipts), checks an inbound SMS
# arrived, then stops both and compares the peer's count of submit_sm with what was sent:
# nothing missing, nothing twice.
#   run_node_smsc_test.sh BUILD_DIR PIGEOND PLUGIN_DIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR PIGEOND PLUGIN_DIR" >&2; exit 1; }
source "$(dirname "$0")/lib.sh"
take_args "$@"
trap cleanup EXIT

install_node_smsc
start_node_smsc
write_config
start_pigeond

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
