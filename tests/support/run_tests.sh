#!/usr/bin/env bash
# Starts a throwaway MariaDB, runs every test with ctest, and stops it, whatever happens.
set -euo pipefail
build_dir=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)

url=$("$here/mariadb.sh" start)
trap '"$here/mariadb.sh" stop >/dev/null 2>&1 || true' EXIT
export PIGEON_TEST_MYSQL_URL=$url
echo "throwaway MariaDB: ${url//:pigeon@/:***@}"

ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 --timeout 600
