#!/usr/bin/env bash
# Selections over CONTACTS contacts (default 2 000 000) on MariaDB: pigeond creates the entity
# tables with their declared indexes, the rows are generated inside MariaDB (its sequence
# engine: no client round trips), and each selection is counted RUNS times through
# POST /api/v1/selections/count. The figure is the wall time of the HTTP call; took_ms is
# pigeond's own measure of the query. Target: five criteria counted in < 1 s.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CONTACTS=${CONTACTS:-2000000}
ACCOUNTS=${ACCOUNTS:-20000}
RUNS=${RUNS:-5}

PIGEON_MDB_BUFFER_POOL=2G PIGEON_MDB_LOG_FILE=512M start_mariadb
url=$mdb_url
read -r db_user db_password db_host db_port db_name < <(python3 - "$url" <<'PY'
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
print(u.username, u.password, u.hostname, u.port, u.path.lstrip("/"))
PY
)
mdb() { mariadb -h "$db_host" -P "$db_port" -u "$db_user" "-p$db_password" "$db_name" -N -B "$@"; }

start_pigeond "$work" "$url"

echo "selections over $CONTACTS contacts and $ACCOUNTS accounts, MariaDB $(mdb -e 'SELECT VERSION()'), $(nproc) cores"
started=$(date +%s.%N)
now_ms=$(($(date +%s) * 1000))
mdb >/dev/null <<SQL
SET unique_checks = 0;
INSERT INTO entity_account (external_id, created_at, updated_at, name, phone, status, balance, debt, contract_end)
SELECT CONCAT('A-', seq), $now_ms, $now_ms, CONCAT('Account ', seq), CONCAT('+7901', LPAD(seq, 7, '0')),
       ELT(1 + seq % 5, 'active', 'active', 'active', 'suspended', 'closed'),
       (seq * 7919) % 5000000, (seq * 104729) % 3000000,
       DATE_FORMAT(DATE('2026-01-01') + INTERVAL seq % 1000 DAY, '%Y-%m-%d')
FROM seq_1_to_$ACCOUNTS;
INSERT INTO entity_contact (external_id, created_at, updated_at, first_name, last_name, phone, birth_date, gender, language, city, account)
SELECT CONCAT('C-', seq), $now_ms, $now_ms,
       ELT(1 + seq % 8, 'Anna', 'Olga', 'Ivan', 'Petr', 'Maria', 'Sergey', 'Elena', 'Dmitry'),
       CONCAT('Surname', seq % 50000), CONCAT('+79', LPAD(seq, 9, '0')),
       DATE_FORMAT(DATE('1950-01-01') + INTERVAL (seq * 7919) % 22000 DAY, '%Y-%m-%d'),
       ELT(1 + seq % 3, 'female', 'male', 'other'), ELT(1 + seq % 4, 'ru', 'ru', 'en', 'tt'),
       ELT(1 + (seq * 31) % 20, 'Kazan', 'Moscow', 'Samara', 'Perm', 'Omsk', 'Tver', 'Tula', 'Ufa',
           'Kursk', 'Orel', 'Sochi', 'Vologda', 'Pskov', 'Tomsk', 'Chita', 'Kirov', 'Penza', 'Ryazan',
           'Izhevsk', 'Yakutsk'),
       1 + seq % $ACCOUNTS
FROM seq_1_to_$CONTACTS;
INSERT INTO opt_outs (phone, since, channel)
SELECT CONCAT('+79', LPAD(seq, 9, '0')), $now_ms, 'sms' FROM seq_1_to_$CONTACTS WHERE seq % 50 = 0;
ANALYZE TABLE entity_contact, entity_account, opt_outs;
SQL
echo "  generated in $(python3 -c "import time; print(f'{time.time() - $started:.0f}')") s"

count() {  # $1 = label, $2 = criteria JSON
  python3 - "$port" "$RUNS" "$1" "$2" <<'PY'
import base64, http.client, json, sys, time
port, runs, label, criteria = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
auth = "Basic " + base64.b64encode(b"admin:bench-password").decode()
body = json.dumps({"entity_type": "contact", "criteria": json.loads(criteria)})
walls, took, count = [], [], None
for _ in range(runs):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t = time.perf_counter()
    conn.request("POST", "/api/v1/selections/count", body,
                 {"Authorization": auth, "Content-Type": "application/json"})
    r = conn.getresponse()
    answer = r.read()
    walls.append((time.perf_counter() - t) * 1000)
    if r.status != 200:
        sys.exit(f"{label}: {r.status} {answer.decode()}")
    a = json.loads(answer)
    count = a["count"]
    took.append(a["took_ms"])
first = walls[0]
walls.sort()
took.sort()
print(f"  {label}: {count:,} contacts; first call {first:.0f} ms, median {walls[len(walls) // 2]:.0f} ms"
      f" (query {took[len(took) // 2]} ms), max {walls[-1]:.0f} ms (target < 1000 ms)")
PY
}

count "five criteria, indexed city" '{"all":[
  {"field":"city","op":"in","value":["Kazan","Moscow"]},
  {"field":"gender","op":"eq","value":"female"},
  {"field":"birth_date","op":"more_than_days_ago","value":6570},
  {"related":"account","where":{"all":[{"field":"status","op":"eq","value":"active"},
                                       {"field":"balance","op":"gt","value":"100"}]}},
  {"opted_out":false}]}'
count "five criteria, phone prefix" '{"all":[
  {"phone_prefix":["+790000", "+790001"]},
  {"field":"language","op":"eq","value":"ru"},
  {"field":"birth_date","op":"anniversary_in_days","value":3},
  {"related":"account","where":{"field":"debt","op":"gt","value":"100"}},
  {"not":{"replied_within_days":7}}]}'
count "five criteria, no indexed one (a full scan)" '{"all":[
  {"field":"gender","op":"eq","value":"female"},
  {"field":"language","op":"in","value":["ru","tt"]},
  {"field":"birth_date","op":"anniversary_in_days","value":0},
  {"related":"account","where":{"field":"status","op":"ne","value":"closed"}},
  {"opted_out":false}]}'
count "one indexed criterion" '{"field":"city","op":"eq","value":"Kazan"}'
echo "  pigeond peak RSS $(($(awk '/VmHWM/ {print $2}' /proc/$pid/status) / 1024)) MB"
