#!/usr/bin/env bash
# A campaign to ROWS contacts (default 1 900 000) on the simulator, on SQLite and on MariaDB:
#   freeze   the recipient list frozen and every text rendered (a template that reads the
#            contact's account): started_at -> frozen_at. Target < 60 s.
#   send     messages handed to the provider per second while the campaign sends, against
#            the provider's cap (the simulator's max_tps, CAP, default 5 000). Target: the cap.
#   memory   pigeond's RSS sampled every second from the campaign's start to its end, and its
#            peak over the whole run (the import included). Target < 300 MB throughout.
# Contacts come in by CSV import first (not measured here; see bench/entity_import.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-1900000}
CAP=${CAP:-5000}
STORES=${STORES:-sqlite mariadb}

python3 - "$ROWS" >"$work/contacts.csv" <<'PY'
import random, sys
rows = int(sys.argv[1])
random.seed(11)
first = ["Anna", "Boris", "Vera", "Gleb", "Dana", "Zoya", "Reza", "Maryam", "Олег", "Светлана"]
print("external_id,first_name,phone,city,account.external_id")
for i in range(rows):
    print(f"C-{i},{random.choice(first)},+7912{i:07d},Kazan,A-{i % 100}")
PY

run() {  # $1 = store label, $2 = db url
  local dir=$work/$1
  start_pigeond "$dir" "$2" "provider.sim.delay_ms = 0
provider.sim.max_tps = $CAP"
  for a in $(seq 0 99); do
    curl -sf "${auth[@]}" -X PUT "$api/entities/account/external/A-$a" -d "{\"name\":\"Account $a\"}" >/dev/null
  done
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$work/contacts.csv" \
    "$api/entities/contact/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -sf "${auth[@]}" "$api/entities/contact/import/$id" | grep -q '"state":"running"'; do sleep 1; done
  curl -sf "${auth[@]}" -X POST "$api/selections" \
    -d '{"name":"everyone","entity_type":"contact","criteria":{}}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/templates" -d '{"name":"sale","entity_type":"contact",
    "body":"{{contact.first_name}}, {{account.name}} has a sale for you in {{contact.city}} this week."}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/campaigns" -d '{"name":"bench","selection":"everyone",
    "template":"sale","quiet_hours":"none","start":true}' >/dev/null
  # One sample a second: seconds, RSS (kB), the campaign as the API shows it.
  local samples=$dir/samples
  local t0=$SECONDS state=
  while [ "$state" != completed ]; do
    local c
    c=$(curl -sf "${auth[@]}" "$api/campaigns/1")
    state=$(echo "$c" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    echo "$((SECONDS - t0)) $(awk '/VmRSS/ {print $2}' /proc/$pid/status) $c" >>"$samples"
    sleep 1
  done
  python3 - "$1" "$ROWS" "$CAP" "$samples" "$(awk '/VmHWM/ {print $2}' /proc/$pid/status)" <<'PY'
import json, sys, datetime
store, rows, cap, path, hwm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
samples = []
for line in open(path):
    secs, rss, body = line.split(" ", 2)
    samples.append((int(secs), int(rss), json.loads(body)))
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
last = samples[-1][2]
freeze = (t(last["frozen_at"]) - t(last["started_at"])).total_seconds()
sending = (t(last["finished_at"]) - t(last["frozen_at"])).total_seconds()
p = last["progress"]
# The pace at the provider: messages that left the outbox over the sending time.
print(f"  {store}: {p['recipients']:,} recipients ({p['skipped']} skipped), frozen and rendered in "
      f"{freeze:.1f} s (target < 60 s); sent in {sending:.0f} s: {p['recipients'] / sending:,.0f}/s "
      f"against a cap of {cap:,}/s; RSS during the campaign max {max(s[1] for s in samples) // 1024} MB, "
      f"peak over the run {hwm // 1024} MB (target < 300 MB)")
PY
  stop_pigeond
}

echo "campaign, $ROWS contacts, simulator capped at $CAP/s, $(nproc) cores"
for store in $STORES; do
  case $store in
  sqlite) run sqlite "sqlite:$work/sqlite/var/pigeon.db" ;;
  mariadb)
    PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M start_mariadb
    run mariadb "$mdb_url"
    ;;
  esac
done
