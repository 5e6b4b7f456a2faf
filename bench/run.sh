#!/usr/bin/env bash
# make bench: end-to-end throughput of pigeond, durable, on SQLite and on MariaDB.
#   batch calls   pigeon_load, 1 000 messages per call, 4 connections
#   single calls  wrk, 32 keep-alive connections, one message per call
#   memory        pigeond's RSS with 1 000 000 messages stored (SQLite)
#   admin pages   server time of every admin page with those 1 000 000 messages stored
# The simulator answers at once (delay_ms = 0), so the provider is never the limit.
# Results: one JSON line per run in bench/results/<date>.jsonl, and a summary on stdout.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$root" && cd "$build" && pwd)
BATCH_TOTAL=${BATCH_TOTAL:-300000}
SINGLE_SECONDS=${SINGLE_SECONDS:-15}
RSS_TOTAL=${RSS_TOTAL:-1000000}
results_dir=$root/bench/results
mkdir -p "$results_dir"
results=$results_dir/$(date -u +%Y%m%dT%H%M%SZ).jsonl
work=$(mktemp -d)
pid=
mdb_started=

cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$mdb_started" ] && "$root/tests/support/mariadb.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_pigeond() {  # $1 = db url
  local dir=$work/run-$RANDOM
  mkdir -p "$dir"
  cat >"$dir/pigeon.properties" <<PROPS
http.port = 0
http.threads = 64
data.dir = $dir/var
db.url = $1
plugins.dir = $build/plugins
provider.sim.plugin = pigeon.provider.simulator
provider.sim.delay_ms = 0
dispatcher.max_in_flight = 20000
dispatcher.batch = 2000
PROPS
  PIGEON_ADMIN_PASSWORD=bench-password "$build/bin/pigeond" --config "$dir/pigeon.properties" >"$dir/pigeond.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do [ -s "$dir/var/pigeond.port" ] && break; sleep 0.1; done
  port=$(cat "$dir/var/pigeond.port")
  token=$(curl -sf -u admin:bench-password -X POST "http://127.0.0.1:$port/api/v1/api-keys" -d '{"label":"bench"}' |
    sed 's/.*"token":"\([^"]*\)".*/\1/')
}

stop_pigeond() {
  kill "$pid" && wait "$pid" || true
  pid=
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
cpu_s() { awk '{printf "%.1f", ($14+$15)/100}' "/proc/$pid/stat"; }

record() {  # $1 = store, $2 = JSON from a run
  echo "{\"store\":\"$1\",\"rss_mb\":$(rss_mb),\"cpu_s\":$(cpu_s),\"run\":$2}" | tee -a "$results"
}

single_run() {  # wrk for SINGLE_SECONDS, then wait until everything it queued is delivered
  local before after accepted out start end
  before=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^pigeon_messages_total\{status="delivered"\}/ {print $2}')
  start=$(date +%s.%N)
  out=$(wrk -t2 -c32 -d"${SINGLE_SECONDS}s" -s "$root/bench/single.lua" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" "http://127.0.0.1:$port/api/v1/messages")
  accepted=$(echo "$out" | awk '/requests in/ {print $1}')
  while :; do
    after=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^pigeon_messages_total\{status="delivered"\}/ {print $2}')
    [ $((after - before)) -ge "$accepted" ] && break
    sleep 0.05
  done
  end=$(date +%s.%N)
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '/Latency/ {print $2}')
  echo "{\"mode\":\"single\",\"concurrency\":32,\"accepted\":$accepted,\"accepted_per_s\":$rps,\"latency_avg\":\"$p99\",\"delivered_per_s\":$(echo "$accepted / ($end - $start)" | bc -l | xargs printf '%.0f')}"
}

run_store() {  # $1 = name, $2 = url
  start_pigeond "$2"
  record "$1" "$("$build/bin/pigeon_load" --port "$port" --token "$token" --mode batch --total "$BATCH_TOTAL" --batch 1000 --concurrency 4)"
  record "$1" "$(single_run)"
  stop_pigeond
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}')"
run_store sqlite "sqlite:$work/sqlite.db"
# MariaDB as in production: durable commits, a buffer pool that holds the working set.
mysql_url=$(PIGEON_MDB_DURABLE=1 PIGEON_MDB_BUFFER_POOL=1G PIGEON_MDB_LOG_FILE=256M \
  "$root/tests/support/mariadb.sh" start)
mdb_started=1
run_store mariadb "$mysql_url"
"$root/tests/support/mariadb.sh" stop >/dev/null
mdb_started=

# Memory with a million messages stored.
start_pigeond "sqlite:$work/rss.db"
record sqlite-1M "$("$build/bin/pigeon_load" --port "$port" --token "$token" --mode batch --total "$RSS_TOTAL" --batch 5000 --concurrency 2)"
"$root/bench/admin_pages.sh" "$port" bench-password | while read -r line; do
  record sqlite-1M-pages "$line"
done
stop_pigeond
echo "results: $results"
