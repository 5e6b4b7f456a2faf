#!/usr/bin/env bash
# Entity CSV import speed: ROWS contacts (name, phone, city, birth date, an account by its
# external id) through POST /api/v1/entities/contact/import, on SQLite and on MariaDB; the
# rate is rows over the import's own start-to-finish time. Target: >= 50 000 rows/s.
# Each store is measured REPEAT times (default 3), each time on an empty store, and the median
# is the figure: on a shared two-core machine one run can be 30 % off the next.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-500000}
REPEAT=${REPEAT:-3}

python3 - "$ROWS" >"$work/contacts.csv" <<'PY'
import random, sys
rows = int(sys.argv[1])
random.seed(7)
first = ["Anna", "Boris", "Vera", "Gleb", "Dana", "Zoya", "Reza", "Maryam", "Олег", "Светлана"]
cities = ["Perm", "Kazan", "Samara", "Tehran", "Moscow", "Omsk"]
print("external_id,first_name,last_name,phone,city,birth_date,account.external_id")
for i in range(rows):
    print(f"C-{i},{random.choice(first)},Name{i % 5000},+7912{i:07d},{random.choice(cities)},"
          f"19{50 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d},A-{i % 100}")
PY

run() {  # $1 = store label, $2 = db url, $3 = run number
  start_pigeond "$work/$1-$3" "$2"
  local base=$api/entities
  for a in $(seq 0 99); do
    curl -sf "${auth[@]}" -X PUT "$base/account/external/A-$a" -d "{\"name\":\"Account $a\"}" >/dev/null
  done
  local id
  id=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary "@$work/contacts.csv" \
    "$base/contact/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  local progress
  while true; do
    progress=$(curl -sf "${auth[@]}" "$base/contact/import/$id")
    case "$progress" in *'"state":"running"'*) sleep 0.2 ;; *) break ;; esac
  done
  python3 - "$1" "$ROWS" "$progress" "$(awk '/VmHWM/ {print $2}' /proc/$pid/status)" \
    "$work/$1.rates" <<'PY'
import json, sys, datetime
store, rows, p, hwm = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(p["finished_at"]) - t(p["started_at"])).total_seconds()
print(f"  {store}: {p['state']}, {p['created']} created, {p['failed']} failed of {rows} rows "
      f"in {secs:.2f} s: {rows / secs:,.0f} rows/s; peak RSS {hwm // 1024} MB")
if p["state"] == "done" and p["created"] == rows:
    open(sys.argv[5], "a").write(f"{rows / secs:.0f}\n")
PY
  stop_pigeond
}

summary() {  # $1 = store label
  python3 "$root/bench/median.py" "$1" "$work/$1.rates" "$REPEAT" rows/s ">= 50 000"
}

echo "entity import, $ROWS contacts, $(nproc) cores, $REPEAT runs per store"
for k in $(seq "$REPEAT"); do run sqlite "sqlite:$work/sqlite-$k/var/pigeon.db" "$k"; done
summary sqlite
# The server as bench/run.sh runs it: durable, with a buffer pool and redo log of a real one.
PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M start_mariadb
url=$mdb_url
for k in $(seq "$REPEAT"); do
  # An empty database for each run (the server grants the bench user pigeon_test*).
  db="pigeon_test_import$k"
  python3 - "$url" "$db" <<'PY'
import subprocess, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
subprocess.run(["mariadb", "-h", u.hostname, "-P", str(u.port), "-u", u.username,
                f"-p{u.password}", "-e", f"CREATE DATABASE {sys.argv[2]} CHARACTER SET utf8mb4"],
               check=True)
PY
  run mariadb "${url%/*}/$db" "$k"
done
summary mariadb
