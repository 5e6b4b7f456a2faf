#!/usr/bin/env bash
# Crash and duplicates: 100 000 messages through pigeon.provider.smpp to node-smpp's server,
# pigeond killed with SIGKILL three times at random moments while it sends, and restarted on
# the same store. Then, at the peer: every message arrived, and the duplicates are no more
# than the messages pigeond said it requeued after each interruption (GET /api/v1/health
# requeued_at_start), each at most the dispatcher's in-flight window.
#   run_crash_test.sh BUILD_DIR PIGEOND PLUGIN_DIR [MESSAGES]
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 BUILD_DIR PIGEOND PLUGIN_DIR [MESSAGES]" >&2; exit 1; }
source "$(dirname "$0")/lib.sh"
take_args "$@"
total=${4:-100000}
trap cleanup EXIT

in_flight=1000  # dispatcher.max_in_flight: what may be out, unconfirmed, at a kill
# A fixed port, so the client finds pigeond again after each restart.
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
install_node_smsc
start_node_smsc
write_config "dispatcher.max_in_flight = $in_flight"
start_pigeond

# The client queues in batches with references, retrying a batch until pigeond answers it
# (a kill may cut a request; a repeated reference is not queued twice).
started=$(date +%s.%N)
python3 - "$api" "$total" >"$work/client.log" 2>&1 <<'PY' &
import base64, json, sys, time, urllib.request
api, total = sys.argv[1], int(sys.argv[2])
auth = "Basic " + base64.b64encode(b"admin:interop-password").decode()
for start in range(0, total, 2000):
    body = json.dumps({"messages": [{"to": "+7913%07d" % i, "text": "Crash test %d" % i,
                                     "reference": "c%d" % i}
                                    for i in range(start, min(start + 2000, total))]}).encode()
    while True:
        try:
            req = urllib.request.Request(api + "/api/v1/messages", body,
                                         {"Authorization": auth, "Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                if r.status in (200, 202):
                    break
        except Exception as e:
            print("retrying batch", start, e, flush=True)
        time.sleep(0.2)
print("queued", total, flush=True)
PY
client_pid=$!

# Three kills, each when the peer has passed a random share of the messages (5 % to 85 %).
read -r -a targets < <(python3 -c "
import random; print(*sorted(random.sample(range($total // 20, $total * 17 // 20), 3)))")
requeued_total=0
kills=()
for round in 1 2 3; do
  for _ in $(seq 6000); do [ "$(smsc_stat distinct)" -ge "${targets[round - 1]}" ] && break; sleep 0.02; done
  before=$(smsc_stat distinct)
  kill -9 "$pigeond_pid"; wait "$pigeond_pid" 2>/dev/null || true
  start_pigeond
  requeued=$(curl -s "$api/api/v1/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requeued_at_start"])')
  [ "$requeued" -le "$in_flight" ] || fail "kill $round: $requeued requeued, more than the window $in_flight"
  requeued_total=$((requeued_total + requeued))
  kills+=("kill $round when the peer had $before distinct messages: $requeued requeued at restart")
done
wait "$client_pid" || fail "the client failed: $(tail -3 "$work/client.log")"

# Then it finishes: nothing left to send, every message at the peer. (A receipt the peer sent
# on a connection that was killed is not sent again by node-smpp: its message stays submitted
# until dlr.timeout_s; those are counted below, not required to be zero.)
done_at=
for _ in $(seq 1200); do
  if [ "$(smsc_stat distinct)" -ge "$total" ] && [ "$(metric pigeon_queue_depth)" = 0 ]; then
    done_at=$(date +%s.%N); break
  fi
  sleep 0.25
done
sleep 1  # the last receipts
awaiting=$(metric pigeon_awaiting_report)
[ -n "$done_at" ] || { tail -20 "$work/pigeond.log"; fail "not finished after 300 s: peer has $(smsc_stat distinct) of $total"; }
kill "$pigeond_pid"; wait "$pigeond_pid" || true; pigeond_pid=
kill "$smsc_pid"; wait "$smsc_pid" || true; smsc_pid=

submits=$(smsc_stat submits)
distinct=$(smsc_stat distinct)
binds=$(smsc_stat binds)
duplicates=$((submits - distinct))
elapsed=$(python3 -c "print(round($done_at - $started, 1))")
printf '%s\n' "${kills[@]}"
echo "node-smpp saw: $binds binds, $submits submit_sm, $distinct distinct, $duplicates sent twice;" \
  "pigeond requeued $requeued_total after its 3 kills; $total messages in $elapsed s;" \
  "$awaiting still await a receipt lost with a killed connection"
[ "$distinct" -eq "$total" ] || fail "the peer got $distinct distinct messages, expected $total"
[ "$duplicates" -le "$requeued_total" ] ||
  fail "$duplicates duplicates, more than the $requeued_total pigeond reported as requeued"
[ "$binds" -ge 4 ] || fail "expected a bind per run, the peer saw $binds"
[ "$awaiting" -le "$((3 * in_flight))" ] || fail "$awaiting messages await receipts, more than 3 windows"
echo "ok"
