#!/usr/bin/env bash
# Interop with Kannel's own SMSC test tool, drive_smpp (Debian kannel-extras), a peer we did
# not write: it accepts bind_transmitter and bind_receiver (not transceiver), answers
# submit_sm without a message_id, and sends numbered inbound SMS ("1", "2", ...) on the
# receiver bind, never more than 500 ahead of the submits it has got. pigeond binds in
# transmitter_receiver mode, sends 1 000 messages and must store the 1 000 inbound SMS; at the
# end drive_smpp's own counts say how many it got: exactly 1 000, nothing twice.
# drive_smpp also connects to 127.0.0.1:13001 as Kannel's smsbox and stops without a
# bearerbox there; a listener that takes the connection and ignores it stands in for one.
#   run_kannel_test.sh BUILD_DIR PIGEOND PLUGIN_DIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR PIGEOND PLUGIN_DIR" >&2; exit 1; }
source "$(dirname "$0")/lib.sh"
take_args "$@"
drive=/usr/lib/kannel/test/drive_smpp
[ -x "$drive" ] || fail "$drive is missing (Debian package kannel-extras; make test-deps)"
total=1000
bearerbox_pid= drive_pid=
stop_all() {
  [ -n "$drive_pid" ] && kill "$drive_pid" 2>/dev/null || true
  [ -n "$bearerbox_pid" ] && kill "$bearerbox_pid" 2>/dev/null || true
  cleanup
}
trap stop_all EXIT

setpriv --pdeathsig KILL python3 -c '
import socket, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 13001))
s.listen(4)
print("listening", flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=lambda c=c: [None for _ in iter(lambda: c.recv(65536), b"")],
                     daemon=True).start()
' >"$work/bearerbox.log" 2>&1 &
bearerbox_pid=$!
for _ in $(seq 50); do grep -q listening "$work/bearerbox.log" && break; sleep 0.1; done
grep -q listening "$work/bearerbox.log" || fail "port 13001 is taken: $(cat "$work/bearerbox.log")"

smsc_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setpriv --pdeathsig KILL "$drive" -v 1 -p "$smsc_port" -m "$total" >"$work/drive.log" 2>&1 &
drive_pid=$!
sleep 0.5
write_config "provider.smsc.bind_mode = transmitter_receiver"
sed -i 's/system_id = pigeon/system_id = foo/; s/password = secret/password = bar/' "$work/pigeon.properties"
start_pigeond

body=$(python3 -c "import json; print(json.dumps({'messages': [{'to': '+7914%07d' % i, 'text': 'MT %d' % i} for i in range($total)]}))")
code=$(curl -s -o "$work/answer.json" -w '%{http_code}' -u "$auth" -X POST "$api/api/v1/messages" -d "$body")
[ "$code" = 202 ] || { cat "$work/answer.json"; fail "the batch was answered $code"; }

inbound=0
for _ in $(seq 300); do
  inbound=$(metric pigeon_inbound_total)
  submitted=$(metric 'pigeon_messages_total{status="submitted"}')
  [ "$inbound" -ge "$total" ] && [ "$submitted" -ge "$total" ] && break
  sleep 0.1
done
[ "$inbound" -ge "$total" ] && [ "$submitted" -ge "$total" ] ||
  { tail -5 "$work/drive.log"; fail "after 30 s: $submitted of $total submitted, $inbound of $total inbound"; }
# Stored, each number once: drive_smpp numbers its inbound SMS 1..N.
distinct=$(curl -s -u "$auth" "$api/api/v1/inbound?limit=1000" | python3 -c '
import json, sys
print(len({m["text"] for m in json.load(sys.stdin)["messages"]}))')
[ "$distinct" -eq "$total" ] || fail "$distinct distinct inbound texts stored, expected $total"

# pigeond unbinds when it stops; drive_smpp then ends and prints its counts.
kill "$pigeond_pid"; wait "$pigeond_pid" || true; pigeond_pid=
for _ in $(seq 100); do kill -0 "$drive_pid" 2>/dev/null || break; sleep 0.1; done
got=$(sed -n 's/.*Number of messages sent to SMSC: \([0-9]*\).*/\1/p' "$work/drive.log")
sent=$(sed -n 's/.*Number of messages sent to ESME: \([0-9]*\).*/\1/p' "$work/drive.log")
echo "drive_smpp: got $got submit_sm, sent $sent inbound SMS; pigeond: $submitted submitted, $inbound inbound ($distinct distinct)"
[ "$got" = "$total" ] || { tail -5 "$work/drive.log"; fail "drive_smpp got ${got:-no count of} submit_sm, expected $total"; }
[ "$sent" = "$total" ] || fail "drive_smpp sent ${sent:-an unknown number of} inbound SMS, expected $total"
echo "ok"
