#!/usr/bin/env bash
# The admin site in a real browser: starts pigeond on a throwaway SQLite store with one provider
# instance from the file (the default), and runs a scenario (admin.test.mjs unless another is
# named) in Debian's headless Chromium through playwright-core.
#   run.sh BUILD_DIR PIGEOND PLUGIN_DIR [SCENARIO]
# playwright-core is installed by `npm ci` into BUILD_DIR/browser-tests (never into the source
# tree), again only when package-lock.json changes. Screenshots go to
# BUILD_DIR/test-artifacts/browser/<scenario>, with pigeond's log beside them.
set -euo pipefail
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 BUILD_DIR PIGEOND PLUGIN_DIR [SCENARIO]" >&2; exit 2; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# Missing tools fail the test: a browser test that skips itself would pass without testing.
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing: install Debian's chromium package (make test-deps)"
command -v node >/dev/null || fail "node is missing: install Node.js 18 or later with npm (make test-deps)"
command -v npm >/dev/null || fail "npm is missing: install npm (make test-deps)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "Node.js $(node --version) is too old: playwright-core needs 18 or later"

mkdir -p "$1"
build=$(cd "$1" && pwd)
pigeond=$(readlink -f "$2")
plugins=$(readlink -f "$3")
here=$(cd "$(dirname "$0")" && pwd)
scenario=${4:-admin.test.mjs}
[ -f "$here/$scenario" ] || fail "no scenario $here/$scenario"
[ -x "$pigeond" ] || fail "pigeond not found at $pigeond"
[ -d "$plugins" ] || fail "plugin folder $plugins does not exist"

# playwright-core, installed beside the build. The stamp is the hash of the lock file that the
# installed node_modules came from; npm ci runs when it is missing or differs.
deps=$build/browser-tests
mkdir -p "$deps"
cp "$here/package.json" "$here/package-lock.json" "$deps/"
lock_hash=$(cat "$deps/package.json" "$deps/package-lock.json" | sha256sum | cut -d' ' -f1)
stamp=$deps/node_modules/.pigeon-lock-sha256
if [ ! -d "$deps/node_modules/playwright-core" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  echo "installing playwright-core into $deps (npm ci)"
  (cd "$deps" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $deps"
  echo "$lock_hash" >"$stamp"
fi

artifacts=$build/test-artifacts/browser/${scenario%.test.mjs}
rm -rf "$artifacts"
mkdir -p "$artifacts"

work=$(mktemp -d)
pid=
status=1
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [ -f "$work/pigeond.log" ]; then
    cp "$work/pigeond.log" "$artifacts/pigeond.log" 2>/dev/null || true
    if [ "$status" -ne 0 ]; then
      echo "---- pigeond log (last 100 lines) ----" >&2
      tail -n 100 "$work/pigeond.log" >&2
      echo "---- end of pigeond log ----" >&2
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One instance from the file, the default: the test adds sim1 through the admin site and makes
# it the default in its place.
cat >"$work/pigeon.properties" <<PROPS
http.address = 127.0.0.1
http.port = 0
data.dir = $work/var
db.url = sqlite:$work/var/pigeon.db
plugins.dir = $plugins
provider.filesim.plugin = pigeon.provider.simulator
provider.filesim.delay_ms = 20
provider.filesim.callback_secret = browser-callback-secret
providers.default = filesim
PROPS

# setpriv: if this script is killed (a ctest timeout) before its trap runs, pigeond dies with it.
(cd "$work" && exec env PIGEON_ADMIN_PASSWORD=browser-test-password \
  setpriv --pdeathsig KILL "$pigeond" --config "$work/pigeon.properties") >"$work/pigeond.log" 2>&1 </dev/null &
pid=$!
for _ in $(seq 300); do
  [ -s "$work/var/pigeond.port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "pigeond exited during start-up"
  sleep 0.1
done
[ -s "$work/var/pigeond.port" ] || fail "pigeond did not write $work/var/pigeond.port within 30 s"
url="http://127.0.0.1:$(cat "$work/var/pigeond.port")"
echo "pigeond at $url; screenshots in $artifacts"

set +e
PIGEON_URL=$url \
  PIGEON_ADMIN_PASSWORD=browser-test-password \
  PIGEON_ARTIFACTS=$artifacts \
  PIGEON_BROWSER_DEPS=$deps \
  PIGEON_CALLBACK_SECRET=browser-callback-secret \
  node "$here/$scenario"
status=$?
set -e
exit "$status"
