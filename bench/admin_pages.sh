#!/usr/bin/env bash
# Server time of every admin page on a running pigeond: signs in as admin, then asks each page
# RUNS times with curl on the loopback (so transfer time is near zero) and prints one JSON line
# per page with the median and the slowest time. Target: every page under 100 ms with
# 1 000 000 messages stored.
#   admin_pages.sh PORT ADMIN_PASSWORD
set -euo pipefail
port=$1
password=$2
RUNS=${RUNS:-20}
base=http://127.0.0.1:$port
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
login_csrf=$(curl -sf -c "$jar" -b "$jar" "$base/login" | csrf_of)
curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$login_csrf" \
  --data-urlencode "name=admin" --data-urlencode "password=$password" "$base/login"
list=$(curl -sf -b "$jar" "$base/messages")
newest=$(echo "$list" | grep -o 'data-message="[0-9]*"' | head -1 | grep -o '[0-9]*')
[ -n "$newest" ] || { echo "no message on /messages: load some first" >&2; exit 1; }
number=$(curl -sf -b "$jar" "$base/messages/$newest" | grep -o 'data-field="to">[^<]*' | sed 's/.*>//')
oldest_page_cursor=$((newest / 2))
today=$(date -u +%F)
tomorrow=$(date -u -d tomorrow +%F)  # no message yet: the whole table must not be read

pages=(
  "/" "/providers" "/plugins" "/messages" "/messages?status=delivered" "/messages?status=failed"
  "/messages?number=$(printf %s "$number" | sed 's/+/%2B/')" "/messages?since=$today"
  "/messages?since=$tomorrow"
  "/messages?before=$oldest_page_cursor" "/messages/$newest" "/messages/new" "/users"
  "/settings" "/audit"
)
for page in "${pages[@]}"; do
  times=()
  status=
  for _ in $(seq "$RUNS"); do
    read -r status t < <(curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$base$page")
    times+=("$t")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | awk -v n="$RUNS" 'NR == int((n + 1) / 2) {printf "%.1f", $1 * 1000}')
  slowest=$(echo "$sorted" | tail -1 | awk '{printf "%.1f", $1 * 1000}')
  echo "{\"page\":\"$page\",\"status\":$status,\"median_ms\":$median,\"max_ms\":$slowest,\"runs\":$RUNS}"
done
