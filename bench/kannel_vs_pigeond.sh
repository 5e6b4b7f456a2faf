#!/usr/bin/env bash
# Kannel 1.4.5 and pigeond side by side, sending the same N messages (default 100 000) over
# SMPP to the same peer (bench/smpp_peer: the SMPP plugin's fake SMSC, no receipts), each run
# counted at the peer (first to last submit_sm):
#   peer alone        the SMPP plugin's ESME alone (bench/smpp_push) pushing into the peer: the
#                     ceiling (CPU and RSS here are the peer's)
#   Kannel sendsms    pigeon_load --mode sendsms, 32 connections, one message per call
#   Kannel mtbatch    Debian kannel-extras' mtbatch into bearerbox
#   (both without a store, then with store-type = spool, Kannel's durable mode)
#   pigeond single    pigeon_load --mode single, 32 connections (SQLite, durable)
#   pigeond batch     pigeon_load --mode batch, 1 000 per call, 4 connections
# with CPU seconds per 10 000 messages and peak RSS of the servers (bearerbox + smsbox, or
# pigeond). Prints a table and the ratios; JSON lines go to bench/results.
#   kannel_vs_pigeond.sh BUILD_DIR [N]
# KANNEL_RUNS="peer kannel pigeond" picks the groups to run (default: all three);
# PIGEOND_PRELOAD=libjemalloc.so.2 (or another library) runs pigeond with it preloaded.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$root" && cd "$build" && pwd)
total=${2:-${KANNEL_TOTAL:-100000}}
runs=" ${KANNEL_RUNS:-peer kannel pigeond} "
wants() { [[ $runs == *" $1 "* ]]; }
window=100  # SMPP window of both: Kannel's max-pending-submits, pigeond's window
command -v bearerbox >/dev/null || { echo "bearerbox is missing (make bench-deps)" >&2; exit 1; }
command -v mtbatch >/dev/null || { echo "mtbatch is missing (make bench-deps)" >&2; exit 1; }
[ -x "$build/bin/smpp_peer" ] || { echo "$build/bin/smpp_peer is missing (make build)" >&2; exit 1; }
results_dir=$root/bench/results
mkdir -p "$results_dir"
results=$results_dir/kannel-$(date -u +%Y%m%dT%H%M%SZ).jsonl
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stat_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/peer.json" "$1"; }
cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
peak_rss_mb() { local k=0; for p in "$@"; do k=$((k + $(awk '/VmHWM/ {print $2}' "/proc/$p/status"))); done; echo $((k / 1024)); }

start_peer() {
  rm -f "$work/peer.port" "$work/peer.json"
  "$build/bin/smpp_peer" "$work/peer.port" "$work/peer.json" &
  peer_pid=$!; pids+=("$peer_pid")
  for _ in $(seq 100); do [ -s "$work/peer.port" ] && break; sleep 0.05; done
  peer_port=$(cat "$work/peer.port")
}
stop_peer() { kill "$peer_pid"; wait "$peer_pid" 2>/dev/null || true; }

# Waits until the peer has N submit_sm, then prints messages/s between its first and last.
peer_rate() {
  for _ in $(seq 6000); do [ "$(stat_of submits 2>/dev/null || echo 0)" -ge "$total" ] && break; sleep 0.1; done
  sleep 0.2
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); n=int(sys.argv[2])
print(round(s["submits"] / max(0.001, (s["last_ms"] - s["first_ms"]) / 1000)) if s["submits"] >= n else 0)' \
    "$work/peer.json" "$total"
}

# Records one run: name, messages/s, server pids (for CPU and RSS), CPU ticks before.
record() {
  local name=$1 rate=$2 before=$3; shift 3
  local cpu=$(( $(cpu_ticks "$@") - before ))
  local per10k rss
  per10k=$(python3 -c "print(round($cpu / 100 / ($total / 10000), 2))")
  rss=$(peak_rss_mb "$@")
  printf '%-28s %9s msg/s %8s CPU s/10k %6s MB peak RSS\n' "$name" "$rate" "$per10k" "$rss"
  echo "{\"run\":\"$name\",\"messages\":$total,\"per_s\":$rate,\"cpu_s_per_10k\":$per10k,\"peak_rss_mb\":$rss}" >>"$results"
  eval "rate_$(echo "$name" | tr -c 'a-z0-9\n' '_')=$rate"
}

kannel_conf() {  # $1 = store-type line or ""
  cat >"$work/kannel.conf" <<CONF
group = core
admin-port = $(free_port)
admin-password = bench
smsbox-port = $smsbox_port
box-allow-ip = "127.0.0.1"
log-file = "$work/bearerbox.log"
log-level = 3
$1

group = smsc
smsc = smpp
smsc-id = peer
host = 127.0.0.1
port = $peer_port
transceiver-mode = true
system-type = "VMA"
smsc-username = pigeon
smsc-password = secret
max-pending-submits = $window
log-level = 3

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $smsbox_port
sendsms-port = $sendsms_port
log-file = "$work/smsbox.log"
log-level = 3

group = sendsms-user
username = bench
password = bench
max-messages = 1

group = sms-service
keyword = default
text = "no service"
CONF
}

start_kannel() {  # $1 = store line, $2 = with smsbox (1/0)
  smsbox_port=$(free_port) sendsms_port=$(free_port)
  rm -rf "$work/spool"; mkdir -p "$work/spool"
  kannel_conf "$1"
  bearerbox -v 4 "$work/kannel.conf" >/dev/null 2>&1 &
  bb_pid=$!; pids+=("$bb_pid"); servers=("$bb_pid")
  for _ in $(seq 100); do ss -ltn | grep -q ":$smsbox_port " && break; sleep 0.1; done
  if [ "$2" = 1 ]; then
    smsbox -v 4 "$work/kannel.conf" >/dev/null 2>&1 &
    sb_pid=$!; pids+=("$sb_pid"); servers+=("$sb_pid")
    for _ in $(seq 100); do ss -ltn | grep -q ":$sendsms_port " && break; sleep 0.1; done
  fi
  sleep 1  # the SMPP bind
}
stop_kannel() { for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done; wait "${servers[@]}" 2>/dev/null || true; }

start_pigeond() {
  local dir=$work/pigeond-$RANDOM
  mkdir -p "$dir"
  cat >"$dir/pigeon.properties" <<PROPS
http.port = 0
http.threads = 64
data.dir = $dir/var
plugins.dir = $build/plugins
provider.peer.plugin = pigeon.provider.smpp
provider.peer.host = 127.0.0.1
provider.peer.port = $peer_port
provider.peer.system_id = pigeon
provider.peer.password = secret
provider.peer.window = $window
providers.default = peer
dispatcher.max_in_flight = 20000
dispatcher.batch = 2000
PROPS
  PIGEON_ADMIN_PASSWORD=bench-password LD_PRELOAD=${PIGEOND_PRELOAD:-} "$build/bin/pigeond" --config "$dir/pigeon.properties" >"$dir/pigeond.log" 2>&1 &
  pg_pid=$!; pids+=("$pg_pid"); servers=("$pg_pid")
  for _ in $(seq 300); do [ -s "$dir/var/pigeond.port" ] && break; sleep 0.1; done
  pg_port=$(cat "$dir/var/pigeond.port")
  token=$(curl -sf -u admin:bench-password -X POST "http://127.0.0.1:$pg_port/api/v1/api-keys" -d '{"label":"bench"}' |
    sed 's/.*"token":"\([^"]*\)".*/\1/')
  sleep 0.5  # the SMPP bind
}

load() { "$build/bin/pigeon_load" "$@" --total "$total" --wait none >/dev/null; }

echo "Kannel $(bearerbox --version 2>&1 | sed -n 's/.*Kannel bearerbox version `\([^'"'"']*\).*/\1/p' | head -1) vs pigeond, $total messages, SMPP window $window, $(nproc) cores"

# The peer alone: the SMPP plugin's ESME pushing straight into it, no host, no store.
if wants peer; then
start_peer
before=$(cpu_ticks "$peer_pid")
"$build/bin/smpp_push" "$peer_port" "$total" "$window"
record peer_alone "$(peer_rate)" "$before" "$peer_pid"
stop_peer
fi

wants kannel && for store in none spool; do
  store_line=""; [ "$store" = spool ] && store_line="store-type = spool
store-location = \"$work/spool\""
  start_peer; start_kannel "$store_line" 1
  before=$(cpu_ticks "${servers[@]}")
  load --port "$sendsms_port" --mode sendsms --concurrency 32 --threads 2
  record "kannel_sendsms_$store" "$(peer_rate)" "$before" "${servers[@]}"
  stop_kannel; stop_peer

  start_peer; start_kannel "$store_line" 0
  seq -f '7912%07.0f' 1 "$total" >"$work/receivers.txt"
  echo "bench message" >"$work/content.txt"
  before=$(cpu_ticks "${servers[@]}")
  mtbatch -v 4 -b 127.0.0.1 -p "$smsbox_port" -f 12345 "$work/content.txt" "$work/receivers.txt" >/dev/null 2>&1
  record "kannel_mtbatch_$store" "$(peer_rate)" "$before" "${servers[@]}"
  stop_kannel; stop_peer
done

if wants pigeond; then
start_peer; start_pigeond
before=$(cpu_ticks "${servers[@]}")
load --port "$pg_port" --token "$token" --mode single --concurrency 32 --threads 2
record pigeond_single "$(peer_rate)" "$before" "${servers[@]}"
kill "$pg_pid"; wait "$pg_pid" 2>/dev/null || true; stop_peer

start_peer; start_pigeond
before=$(cpu_ticks "${servers[@]}")
load --port "$pg_port" --token "$token" --mode batch --batch 1000 --concurrency 4
record pigeond_batch "$(peer_rate)" "$before" "${servers[@]}"
kill "$pg_pid"; wait "$pg_pid" 2>/dev/null || true; stop_peer
fi

python3 - "$results" <<'PY'
import json, sys
runs = {r["run"]: r["per_s"] for r in map(json.loads, open(sys.argv[1]))}
def ratio(a, b):
    return f"{runs[a] / runs[b]:.2f}x" if runs.get(a) and runs.get(b) else "n/a"
print(f"pigeond single / Kannel sendsms (no store): {ratio('pigeond_single', 'kannel_sendsms_none')} (target >= 1.5x)")
print(f"pigeond single / Kannel sendsms (spool):    {ratio('pigeond_single', 'kannel_sendsms_spool')}")
print(f"pigeond batch  / Kannel mtbatch (no store): {ratio('pigeond_batch', 'kannel_mtbatch_none')} (target >= 2x)")
print(f"pigeond batch  / Kannel mtbatch (spool):    {ratio('pigeond_batch', 'kannel_mtbatch_spool')}")
print(f"pigeond batch  / the peer alone:            {ratio('pigeond_batch', 'peer_alone')}")
PY
echo "results: $results"
