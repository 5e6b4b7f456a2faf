#!/usr/bin/env bash
# Appointment reminders on time: APPOINTMENTS appointments (default 100 000, of 20 000
# contacts, across 5 branches) come in by CSV import, each with three reminders (3, 2 and 1
# minutes before it, so the run takes minutes, not days) falling due over SPREAD seconds
# (default 300). The simulator takes every message at once, so the provider is not the limit.
# The figure is each reminder's lateness: its message's created_at minus its due time, both
# stamped by pigeond; target: every reminder within 1 s of its due time. SQLite, then MariaDB.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
APPOINTMENTS=${APPOINTMENTS:-100000}
CONTACTS=${CONTACTS:-20000}
SPREAD=${SPREAD:-300}
STORES=${STORES:-sqlite mariadb}

python3 - "$CONTACTS" >"$work/contacts.csv" <<'PY'
import sys
print("external_id,first_name,phone")
for i in range(int(sys.argv[1])):
    print(f"C-{i},Client{i},+7912{i:07d}")
PY

import_csv() {  # $1 = type, $2 = file
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$2" \
    "$api/entities/$1/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -sf "${auth[@]}" "$api/entities/$1/import/$id" | grep -q '"state":"running"'; do
    sleep 0.2
  done
}

run() {  # $1 = store label, $2 = db url, $3 = what sql() reads
  start_pigeond "$work/$1" "$2" "provider.sim.delay_ms = 0"
  import_csv contact "$work/contacts.csv"
  curl -sf "${auth[@]}" -X POST "$api/templates" -d '{"name":"visit","entity_type":"appointment",
    "body":"{{contact.first_name}}, your visit to our {{appointment.branch}} branch is at {{appointment.starts_at}}."}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/reminder-rules" -d '{"name":"visits",
    "offsets":["3m","2m","1m"],"template":"visit","quiet_hours":"none"}' >/dev/null
  # The first reminder falls due 40 s from now, after the import; the last one SPREAD s later
  # plus the two minutes between the offsets.
  python3 - "$APPOINTMENTS" "$CONTACTS" "$SPREAD" >"$work/$1-appointments.csv" <<'PY'
import sys, time, datetime
n, contacts, spread = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
first = time.time() + 180 + 40
print("external_id,contact.external_id,starts_at,branch,status")
for i in range(n):
    at = datetime.datetime.fromtimestamp(first + spread * i / n, datetime.timezone.utc)
    print(f"V-{i},C-{i % contacts},{at.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z,"
          f"Branch {i % 5},scheduled")
PY
  local t0=$SECONDS
  import_csv appointment "$work/$1-appointments.csv"
  echo "  $1: $APPOINTMENTS appointments imported in $((SECONDS - t0)) s"
  local expected=$((APPOINTMENTS * 3)) decided=0
  local rss_max=0
  while [ "$decided" -lt "$expected" ]; do
    sleep 2
    decided=$(sql "$1" "$3" "SELECT COUNT(*) FROM reminders")
    local rss
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
  done
  sql "$1" "$3" "SELECT m.created_at - r.due_at FROM reminders r JOIN messages m
    ON m.id = r.message_id WHERE r.state = 1" >"$work/$1-lateness"
  sql "$1" "$3" "SELECT state, COUNT(*) FROM reminders GROUP BY state" | tr '|\t' '  ' \
    >"$work/$1-states"
  python3 - "$1" "$expected" "$work/$1-lateness" "$work/$1-states" "$rss_max" <<'PY'
import sys
store, expected, path, states, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
late = sorted(int(line) for line in open(path) if line.strip())
counts = dict(line.split() for line in open(states) if line.strip())
pct = lambda q: late[min(len(late) - 1, int(q * len(late)))]
over = sum(1 for ms in late if ms > 1000)
print(f"  {store}: {len(late):,} of {expected:,} reminders sent (states {counts}); due -> queued: "
      f"p50 {pct(0.5)} ms, p99 {pct(0.99)} ms, max {late[-1]} ms; {over} later than 1 s "
      f"(target: none); RSS max {rss // 1024} MB")
PY
  stop_pigeond
}

echo "reminders, $APPOINTMENTS appointments x 3, due over $((SPREAD + 120)) s, $(nproc) cores"
for store in $STORES; do
  case $store in
  sqlite) run sqlite "sqlite:$work/sqlite/var/pigeon.db" "$work/sqlite/var/pigeon.db" ;;
  mariadb)
    PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M start_mariadb
    run mariadb "$mdb_url" "$mdb_url"
    ;;
  esac
done
