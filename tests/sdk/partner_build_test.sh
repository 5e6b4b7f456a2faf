#!/usr/bin/env bash
# A partner's path, end to end: install the SDK, build the example provider outside the tree
# from the installed SDK alone, and have pigeond load it and deliver a message through it.
#   partner_build_test.sh BUILD_DIR PIGEOND
set -euo pipefail
build=$1
pigeond=$2
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; [ -f "$work/pigeond.log" ] && tail -20 "$work/pigeond.log" >&2; exit 1; }

cmake --install "$build" --prefix "$work/sdk" --component sdk >"$work/install.log" || fail "SDK install"
[ -f "$work/sdk/include/pigeon/sdk/provider/provider.h" ] || fail "SDK headers not installed"
# The partner works on their own copy of the example, with no path into this tree.
cp -r "$work/sdk/share/pigeon-sdk/examples/provider_echo" "$work/partner"
cmake -S "$work/partner" -B "$work/partner/build" -DCMAKE_PREFIX_PATH="$work/sdk" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "configuring the example against the installed SDK"; }
cmake --build "$work/partner/build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "building the example"; }
"$work/sdk/bin/pigeon-provider-check" "$work/partner/build/provider_echo.so" id_prefix=check- >"$work/check.log" ||
  { cat "$work/check.log" >&2; fail "the SDK's contract checker refused the example"; }
mkdir -p "$work/plugins"
cp "$work/partner/build/provider_echo.so" "$work/plugins/"

cat >"$work/pigeon.properties" <<PROPS
http.port = 0
data.dir = $work/var
plugins.dir = $work/plugins
provider.echo.plugin = com.example.provider.echo
provider.echo.id_prefix = partner-
PROPS
PIGEON_ADMIN_PASSWORD=sdk-test "$pigeond" --config "$work/pigeon.properties" >"$work/pigeond.log" 2>&1 &
pid=$!
for _ in $(seq 300); do [ -s "$work/var/pigeond.port" ] && break; sleep 0.1; done
[ -s "$work/var/pigeond.port" ] || fail "pigeond did not start"
api="http://127.0.0.1:$(cat "$work/var/pigeond.port")/api/v1"

curl -sf -u admin:sdk-test "$api/plugins" | grep -q '"name":"com.example.provider.echo".*"state":"loaded"' ||
  fail "the example plugin is not loaded"
id=$(curl -sf -u admin:sdk-test -X POST "$api/messages" -d '{"to":"+79123456789","text":"from a partner plugin"}' |
  sed -n 's/.*"id":\([0-9]*\).*/\1/p')
[ -n "$id" ] || fail "the message was not queued"
for _ in $(seq 200); do
  body=$(curl -sf -u admin:sdk-test "$api/messages/$id")
  case $body in *'"status":"delivered"'*) break ;; esac
  sleep 0.05
done
case $body in *'"status":"delivered"'*'"provider_message_id":"partner-1"'*) ;; *) fail "not delivered through the echo provider: $body" ;; esac
echo "1 passed, 0 failed"
