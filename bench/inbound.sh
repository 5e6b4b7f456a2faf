#!/usr/bin/env bash
# Inbound SMS through the keyword engine: TOTAL customers (one SMS each, so no reply cap
# applies) text BALANCE at RATE per second to the simulator's inbound callback; each is
# stored, linked to its account by phone, matched to the self-service rule, answered with a
# template rendered on the account, and the reply queued. Latency is MO receipt (received_at)
# to reply queued (the reply's created_at), both stamped by pigeond. SQLite, then MariaDB.
# Target: 1 000 MO/s sustained, p99 < 50 ms.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$root" && cd "$build" && pwd)
TOTAL=${TOTAL:-30000}
RATE=${RATE:-1000}
work=$(mktemp -d)
pid=
mdb_started=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$mdb_started" ] && "$root/tests/support/mariadb.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$TOTAL" >"$work/accounts.csv" <<'PY'
import sys
print("external_id,name,phone,balance")
for i in range(int(sys.argv[1])):
    print(f"A-{i},Account {i},+7900{i:07d},{i % 1000}.{i % 100:02d}")
PY

# Prints one SQL answer's first column, from the store the run used.
sql() {  # $1 = store label, $2 = db path or url, $3 = query
  if [ "$1" = sqlite ]; then
    sqlite3 "$2" "$3"
  else
    python3 - "$2" "$3" <<'PY'
import subprocess, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
out = subprocess.run(["mariadb", "-h", u.hostname, "-P", str(u.port), "-u", u.username,
                      f"-p{u.password}", u.path.lstrip("/"), "-N", "-B", "-e", sys.argv[2]],
                     check=True, capture_output=True, text=True).stdout
print(out, end="")
PY
  fi
}

run() {  # $1 = store label, $2 = db url, $3 = what sql() reads
  local dir=$work/$1
  mkdir -p "$dir"
  cat >"$dir/pigeon.properties" <<PROPS
http.port = 0
http.threads = 64
data.dir = $dir/var
db.url = $2
plugins.dir = $build/plugins
provider.sim.plugin = pigeon.provider.simulator
provider.sim.delay_ms = 0
provider.sim.callback_secret = bench
PROPS
  PIGEON_ADMIN_PASSWORD=bench-password "$build/bin/pigeond" --config "$dir/pigeon.properties" >"$dir/pigeond.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do [ -s "$dir/var/pigeond.port" ] && break; sleep 0.1; done
  local port
  port=$(cat "$dir/var/pigeond.port")
  local api="http://127.0.0.1:$port/api/v1" auth=(-u admin:bench-password)
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$work/accounts.csv" \
    "$api/entities/account/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -sf "${auth[@]}" "$api/entities/account/import/$id" | grep -q '"state":"running"'; do
    sleep 0.2
  done
  curl -sf "${auth[@]}" -X POST "$api/templates" \
    -d '{"name":"balance","entity_type":"account","body":"{{account.name}}: balance {{account.balance}}"}' >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/keyword-rules" -d '{"name":"balance","handler":"pigeon.keyword.selfservice","keywords":["BALANCE"],"settings":{"template":"balance"}}' >/dev/null

  python3 - "$port" "$TOTAL" "$RATE" <<'PY'
import http.client, sys, threading, time
port, total, rate = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
threads = 8
start = time.time() + 0.2
late = [0.0] * threads
def customer(k):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(k, total, threads):
        due = start + i / rate
        wait = due - time.time()
        if wait > 0:
            time.sleep(wait)
        else:
            late[k] = max(late[k], -wait)
        body = '{"from":"+7900%07d","to":"+79001112233","text":"BALANCE"}' % i
        conn.request("POST", "/callbacks/sim/inbound?secret=bench", body,
                     {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            sys.exit(f"callback answered {r.status}")
workers = [threading.Thread(target=customer, args=(k,)) for k in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
elapsed = time.time() - start
print(f"  sent {total} MO in {elapsed:.1f} s ({total / elapsed:,.0f}/s offered; "
      f"the client fell at most {max(late) * 1000:.0f} ms behind its schedule)")
PY
  local handled=0
  for _ in $(seq 600); do
    handled=$(sql "$1" "$3" "SELECT COUNT(*) FROM inbound_messages WHERE handled_at IS NOT NULL")
    [ "$handled" -ge "$TOTAL" ] && break
    sleep 0.1
  done
  sql "$1" "$3" "SELECT m.created_at - i.received_at FROM inbound_messages i JOIN messages m
    ON m.to_number = i.from_number AND m.tag = 'keyword'" >"$dir/latency.txt"
  sql "$1" "$3" "SELECT MIN(received_at), MAX(received_at), MAX(handled_at) FROM inbound_messages" \
    | tr '|\t' '  ' >"$dir/span.txt"
  python3 - "$1" "$TOTAL" "$handled" "$dir/latency.txt" "$dir/span.txt" \
    "$(awk '/VmHWM/ {print $2}' /proc/$pid/status)" <<'PY'
import sys
store, total, handled, lat_file, span_file, hwm = sys.argv[1:7]
lat = sorted(int(x) for x in open(lat_file).read().split())
first, last_in, last_handled = (int(x) for x in open(span_file).read().split())
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))]
print(f"{store}: {handled}/{total} handled, {len(lat)} replies queued; "
      f"received at {int(total) / ((last_in - first) / 1000):,.0f} MO/s, all handled "
      f"{last_handled - last_in} ms after the last arrived; MO -> reply queued: "
      f"p50 {pct(0.5)} ms, p99 {pct(0.99)} ms, max {lat[-1]} ms (target p99 < 50 ms); "
      f"peak RSS {int(hwm) // 1024} MB")
PY
  kill "$pid" && wait "$pid" || true
  pid=
}

echo "inbound keyword engine, $TOTAL MO at $RATE/s, $(nproc) cores"
run sqlite "sqlite:$work/sqlite/var/pigeon.db" "$work/sqlite/var/pigeon.db"
url=$(PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M \
  "$root/tests/support/mariadb.sh" start)
mdb_started=1
run mariadb "$url" "$url"
