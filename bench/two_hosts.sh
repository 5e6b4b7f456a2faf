#!/usr/bin/env bash
# Two pigeond hosts on one MariaDB against one: a campaign to ROWS contacts (default 200 000),
# sent once by one host, then, on a fresh database, by two. Each host sends through a provider
# instance of its own, capped at CAP messages a second (default 1 500): what a host adds is its
# own provider connections, as when each host holds its own SMPP binds. The figure is messages
# sent per second from the freeze's end to the campaign's end; target: two hosts >= 1.6x one.
# One machine runs both hosts and MariaDB, so the cap is kept well under what the cores can
# carry (bench/campaign.sh: one host sends 4 500/s here) and the provider stays the limit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-200000}
CAP=${CAP:-1500}

python3 - "$ROWS" >"$work/contacts.csv" <<'PY'
import sys
print("first_name,phone")
for i in range(int(sys.argv[1])):
    print(f"C{i},+7913{1000000 + i}")
PY

PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M start_mariadb
pids=()
stop_hosts() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_hosts; bench_cleanup' EXIT

run() {  # $1 = hosts, $2 = database
  sql mariadb "$mdb_url" "CREATE DATABASE $2 CHARACTER SET utf8mb4"
  local url=${mdb_url%/*}/$2 first_api=
  for h in $(seq "$1"); do
    start_pigeond "$work/$2-host$h" "$url" "host.id = host$h
provider.host$h.plugin = pigeon.provider.simulator
provider.host$h.delay_ms = 0
provider.host$h.max_tps = $CAP
providers.default = host$h
dispatcher.lease_s = 5
campaigns.lease_s = 5"
    pids+=("$pid")
    pid=  # the hosts are stopped together, by stop_hosts
    [ -z "$first_api" ] && first_api=$api
  done
  api=$first_api
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$work/contacts.csv" \
    "$api/entities/contact/import?mode=insert" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -sf "${auth[@]}" "$api/entities/contact/import/$id" | grep -q '"state":"running"'; do sleep 1; done
  curl -sf "${auth[@]}" -X POST "$api/selections" \
    -d '{"name":"everyone","entity_type":"contact","criteria":{}}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/campaigns" -d '{"name":"bench","selection":"everyone",
    "text":"Two hosts, one campaign.","quiet_hours":"none","start":true}' >/dev/null
  local c state=
  while [ "$state" != completed ]; do
    sleep 1
    c=$(curl -sf "${auth[@]}" "$api/campaigns/1")
    state=$(echo "$c" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  done
  local by_host
  by_host=$(sql mariadb "$url" "SELECT provider, COUNT(*) FROM messages GROUP BY provider" | tr '\t\n' ': ')
  python3 - "$1" "$c" "$by_host" >>"$work/rates" <<'PY'
import json, sys, datetime
hosts, c, by_host = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(c["finished_at"]) - t(c["frozen_at"])).total_seconds()
rate = c["progress"]["recipients"] / secs
print(f"{hosts} {rate:.0f} {secs:.0f} {by_host}")
PY
  stop_hosts
}

echo "two hosts against one, MariaDB, $ROWS contacts, each host's provider capped at $CAP/s, $(nproc) cores"
run 1 pigeon_test_one_host
run 2 pigeon_test_two_hosts
python3 - "$work/rates" "$CAP" <<'PY'
import sys
rows = [line.split(maxsplit=3) for line in open(sys.argv[1])]
rate = {int(r[0]): float(r[1]) for r in rows}
for r in rows:
    print(f"  {r[0]} host(s): {float(r[1]):,.0f} messages/s over {r[2]} s (by instance: {r[3].strip()})")
print(f"  two hosts / one: {rate[2] / rate[1]:.2f}x (target >= 1.6x); cap per host {int(sys.argv[2]):,}/s")
PY
