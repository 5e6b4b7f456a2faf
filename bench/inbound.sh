#!/usr/bin/env bash
# Inbound SMS through the keyword engine: TOTAL customers (one SMS each, so no reply cap
# applies) text BALANCE at RATE per second to the simulator's inbound callback; each is
# stored, linked to its account by phone, matched to the self-service rule, answered with a
# template rendered on the account, and the reply queued. Latency is MO receipt (received_at)
# to reply queued (the reply's created_at), both stamped by pigeond. SQLite, then MariaDB
# (STORES=mariadb or STORES=sqlite for one); on MariaDB the run also prints the statements the
# server executed per MO, from its counters. Each store is measured REPEAT times (default 3),
# each on an empty store: on a shared two-core machine a stall in one run moves its p99 a lot,
# so every run's p99 is printed and their median is the figure.
# Target: 1 000 MO/s sustained, p99 < 50 ms.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TOTAL=${TOTAL:-30000}
RATE=${RATE:-1000}
REPEAT=${REPEAT:-3}

python3 - "$TOTAL" >"$work/accounts.csv" <<'PY'
import sys
print("external_id,name,phone,balance")
for i in range(int(sys.argv[1])):
    print(f"A-{i},Account {i},+7900{i:07d},{i % 1000}.{i % 100:02d}")
PY

# CPU time (ms, user + system) the processes named by pid have used so far.
cpu_ms() {
  local ticks=0 pid f
  for pid in "$@"; do
    read -ra f <"/proc/$pid/stat"
    ticks=$((ticks + f[13] + f[14]))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# MariaDB's statement counters (SELECT INSERT UPDATE DELETE COMMIT all), nothing on SQLite.
statements() {  # $1 = store label, $2 = url
  [ "$1" = sqlite ] && return 0
  sql "$1" "$2" "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY FIELD(VARIABLE_NAME, 'COM_SELECT',
    'COM_INSERT', 'COM_UPDATE', 'COM_DELETE', 'COM_COMMIT', 'QUESTIONS') SEPARATOR ' ')
    FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('COM_SELECT', 'COM_INSERT',
    'COM_UPDATE', 'COM_DELETE', 'COM_COMMIT', 'QUESTIONS')"
}

run() {  # $1 = store label, $2 = db url, $3 = what sql() reads, $4 = run number
  local dir=$work/$1-$4
  start_pigeond "$dir" "$2" "http.threads = 64
provider.sim.delay_ms = 0
provider.sim.callback_secret = bench"
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$work/accounts.csv" \
    "$api/entities/account/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -sf "${auth[@]}" "$api/entities/account/import/$id" | grep -q '"state":"running"'; do
    sleep 0.2
  done
  curl -sf "${auth[@]}" -X POST "$api/templates" \
    -d '{"name":"balance","entity_type":"account","body":"{{account.name}}: balance {{account.balance}}"}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/keyword-rules" -d '{"name":"balance","handler":"pigeon.keyword.selfservice","keywords":["BALANCE"],"settings":{"template":"balance"}}' >/dev/null

  local before server_pid= cpu_before
  before=$(statements "$1" "$3")
  [ "$1" = mariadb ] && server_pid=$(pgrep -f -- "--port=$(sed 's|.*:\([0-9]*\)/.*|\1|' <<<"$2")" | head -1)
  cpu_before="$(cpu_ms "$pid") $(cpu_ms $server_pid)"
  # The load client is asynchronous C++ (one thread), so it takes little of the two cores the
  # host and the store share; each call goes out at its time on the schedule, not before.
  "$build/bin/pigeon_load" --port "$port" --mode inbound --secret bench --total "$TOTAL" \
    --rate "$RATE" --concurrency 16 >"$dir/load.json"
  python3 - "$dir/load.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if r["refused"]:
    sys.exit(f"the callback refused {r['refused']} MO")
print(f"  sent {r['accepted']} MO in {r['accept_s']:.1f} s ({r['accepted_per_s']:,.0f}/s offered; "
      f"the client fell at most {r['max_late_ms']:.0f} ms behind its schedule)")
PY
  local handled=0
  for _ in $(seq 600); do
    handled=$(sql "$1" "$3" "SELECT COUNT(*) FROM inbound_messages WHERE handled_at IS NOT NULL")
    [ "$handled" -ge "$TOTAL" ] && break
    sleep 0.1
  done
  python3 - "$TOTAL" "$cpu_before" "$(cpu_ms "$pid") $(cpu_ms $server_pid)" "$1" <<'PY'
import sys
total, before, after, store = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
used = [(int(a) - int(b)) * 1000 / total for a, b in zip(after, before)]
print(f"  CPU per MO (the reply's delivery included): pigeond {used[0]:.0f} us" +
      (f", mariadbd {used[1]:.0f} us" if store == "mariadb" else ""))
PY
  [ -n "$before" ] && python3 - "$TOTAL" "$before" "$(statements "$1" "$3")" <<'PY'
import sys
total, before, after = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
names = ["SELECT", "INSERT", "UPDATE", "DELETE", "COMMIT", "all"]
per = [(int(a) - int(b)) / total for a, b in zip(after, before)]
print("  statements per MO (the server's counters, the reply's delivery included): " +
      ", ".join(f"{n} {p:.2f}" for n, p in zip(names, per)))
PY
  sql "$1" "$3" "SELECT m.created_at - i.received_at FROM inbound_messages i JOIN messages m
    ON m.to_number = i.from_number AND m.tag = 'keyword'" >"$dir/latency.txt"
  sql "$1" "$3" "SELECT MIN(received_at), MAX(received_at), MAX(handled_at) FROM inbound_messages" \
    | tr '|\t' '  ' >"$dir/span.txt"
  python3 - "$1" "$TOTAL" "$handled" "$dir/latency.txt" "$dir/span.txt" \
    "$(awk '/VmHWM/ {print $2}' /proc/$pid/status)" "$work/$1.p99" <<'PY'
import sys
store, total, handled, lat_file, span_file, hwm, p99_file = sys.argv[1:8]
lat = sorted(int(x) for x in open(lat_file).read().split())
first, last_in, last_handled = (int(x) for x in open(span_file).read().split())
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))]
print(f"{store}: {handled}/{total} handled, {len(lat)} replies queued; "
      f"received at {int(total) / ((last_in - first) / 1000):,.0f} MO/s, all handled "
      f"{last_handled - last_in} ms after the last arrived; MO -> reply queued: "
      f"p50 {pct(0.5)} ms, p99 {pct(0.99)} ms, max {lat[-1]} ms; "
      f"peak RSS {int(hwm) // 1024} MB")
if int(handled) == int(total) and len(lat) == int(total):
    open(p99_file, "a").write(f"{pct(0.99)}\n")
PY
  stop_pigeond
}

summary() {  # $1 = store label
  python3 "$root/bench/median.py" "$1: p99 MO -> reply queued" "$work/$1.p99" "$REPEAT" ms "< 50 ms"
}

echo "inbound keyword engine, $TOTAL MO at $RATE/s, $(nproc) cores, $REPEAT runs per store"
stores=${STORES:-sqlite mariadb}
if [[ $stores == *sqlite* ]]; then
  for k in $(seq "$REPEAT"); do
    db=$work/sqlite-$k/var/pigeon.db
    run sqlite "sqlite:$db" "$db" "$k"
  done
  summary sqlite
fi
[[ $stores == *mariadb* ]] || exit 0
PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M start_mariadb
url=$mdb_url
for k in $(seq "$REPEAT"); do
  db=${url%/*}/pigeon_test_inbound$k  # an empty database each run (the user may make them)
  sql mariadb "$url" "CREATE DATABASE pigeon_test_inbound$k CHARACTER SET utf8mb4"
  run mariadb "$db" "$db" "$k"
done
summary mariadb
