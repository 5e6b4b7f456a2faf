#!/usr/bin/env bash
# The .debs that `make package` builds, checked the way an operator meets them: cpack builds
# both from this build tree into a temporary folder; the control data and contents are
# checked; the server package is extracted into a throwaway root, its own postinst creates the
# user pigeon, and its pigeond, run as that user with its packaged config (paths moved into
# the throwaway root), delivers a message through its packaged simulator plugin.
#   deb_install_test.sh BUILD_DIR
# Needs root: postinst creates the system user pigeon on this machine (it stays, as it would
# after a real install). Without root it re-runs itself through sudo. It never skips: a
# missing tool fails the test and names it.
set -euo pipefail
build=$(cd "$1" && pwd)
fail() {
  echo "FAILED: $*" >&2
  [ -s "${work:-}/pigeond.log" ] && tail -20 "$work/pigeond.log" >&2
  exit 1
}

if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || fail "not root and no sudo: the test creates the user pigeon"
  exec sudo -n -- bash "$0" "$build"
fi
for tool in cpack dpkg-deb dpkg-shlibdeps file adduser getent setpriv curl; do
  command -v "$tool" >/dev/null || fail "missing tool: $tool (make test-deps installs it)"
done

work=$(mktemp -d /tmp/pigeon-deb.XXXXXX)
chmod 0755 "$work"  # the user pigeon must reach the extracted binary and its config
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- Build both packages, as `make package` does, but into our own folder.
cpack --config "$build/CPackConfig.cmake" -B "$work/packages" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack"; }
shopt -s nullglob
servers=("$work"/packages/pigeon_*.deb)
sdks=("$work"/packages/pigeon-sdk_*.deb)
[ ${#servers[@]} = 1 ] && [ ${#sdks[@]} = 1 ] ||
  fail "expected one pigeon_*.deb and one pigeon-sdk_*.deb, got: $(ls "$work/packages")"
server=${servers[0]}
sdk=${sdks[0]}

# --- Control data: version from project(VERSION), dependencies, conffile, scripts.
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in CPackConfig.cmake"
for deb in "$server" "$sdk"; do
  case $(dpkg-deb -f "$deb" Version) in "$version"-*) ;; *) fail "$deb: Version is not $version-N" ;; esac
done
[ "$(dpkg-deb -f "$server" Package)" = pigeon ] || fail "server package is not named pigeon"
[ "$(dpkg-deb -f "$sdk" Package)" = pigeon-sdk ] || fail "SDK package is not named pigeon-sdk"
depends=$(dpkg-deb -f "$server" Depends)
grep -Eq '(^|, )adduser($|,| )' <<<"$depends" || fail "Depends lacks adduser: $depends"
grep -q 'libpoco' <<<"$depends" || fail "Depends lacks the Poco libraries (dpkg-shlibdeps): $depends"
# (Output goes through variables: with pipefail, `grep -q` quitting early could fail a pipe.)
conffiles=$(dpkg-deb -I "$server" conffiles) || fail "the server package has no conffiles"
grep -qx /etc/pigeon/pigeon.properties <<<"$conffiles" || fail "/etc/pigeon/pigeon.properties is not a conffile"
dpkg-deb -e "$server" "$work/control"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "the server package has no executable $script"
done

# --- Contents.
dpkg-deb -c "$server" | awk '{print $6}' >"$work/server.list"
for f in ./usr/bin/pigeond ./usr/lib/pigeon/plugins/provider_simulator.so \
  ./lib/systemd/system/pigeond.service ./etc/pigeon/pigeon.properties; do
  grep -qx "$f" "$work/server.list" || fail "the server package lacks ${f#.}"
done
root=$work/root
dpkg-deb -x "$server" "$root"
unit=$root/lib/systemd/system/pigeond.service
for line in 'ExecStart=/usr/bin/pigeond --config /etc/pigeon/pigeon.properties' User=pigeon \
  NoNewPrivileges=yes ProtectSystem=strict ReadWritePaths=/var/lib/pigeon PrivateTmp=yes \
  Restart=on-failure RestartPreventExitStatus=78 WantedBy=multi-user.target; do
  grep -qx "$line" "$unit" || fail "pigeond.service lacks the line $line"
done
for line in 'data.dir = /var/lib/pigeon' 'db.url = sqlite:/var/lib/pigeon/pigeon.db' \
  'plugins.dir = /usr/lib/pigeon/plugins'; do
  grep -qx "$line" "$root/etc/pigeon/pigeon.properties" || fail "pigeon.properties lacks: $line"
done
# systemd-analyze checks every directive; ExecStart must exist, so point it at the extracted
# binary. It reports problems as warnings with exit code 0, so any output is a failure.
if command -v systemd-analyze >/dev/null; then
  mkdir "$work/unit"
  sed "s|/usr/bin/pigeond|$root/usr/bin/pigeond|" "$unit" >"$work/unit/pigeond.service"
  out=$(systemd-analyze verify "$work/unit/pigeond.service" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify: $out"
fi

# --- postinst configure, against the throwaway root ($DPKG_ROOT moves its paths there and
# keeps it away from systemd). Twice: a reconfigure must change nothing and not fail.
DPKG_ROOT=$root "$work/control/postinst" configure || fail "postinst configure"
DPKG_ROOT=$root "$work/control/postinst" configure || fail "postinst configure, a second time"
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd pigeon) || fail "postinst made no user pigeon"
[ "$uid" -lt 1000 ] && [ "$home" = /var/lib/pigeon ] && [ "$(getent group pigeon | cut -d: -f3)" = "$gid" ] ||
  fail "user pigeon is not the system user postinst creates: $(getent passwd pigeon)"
data=$root/var/lib/pigeon
[ "$(stat -c '%U:%G %a' "$data")" = "pigeon:pigeon 750" ] ||
  fail "data dir is $(stat -c '%U:%G %a' "$data"), want pigeon:pigeon 750"
[ "$(stat -c '%U:%G %a' "$root/etc/pigeon/pigeon.properties")" = "root:pigeon 640" ] ||
  fail "pigeon.properties is $(stat -c '%U:%G %a' "$root/etc/pigeon/pigeon.properties"), want root:pigeon 640"

# --- Run the packaged pigeond as pigeon: packaged config, paths moved into the throwaway
# root, any free port.
config=$work/pigeon.properties
sed -e "s|^plugins.dir = .*|plugins.dir = $root/usr/lib/pigeon/plugins|" \
  -e "s|^data.dir = .*|data.dir = $data|" -e "s|^db.url = .*|db.url = sqlite:$data/pigeon.db|" \
  -e "s|^http.port = .*|http.port = 0|" "$root/etc/pigeon/pigeon.properties" >"$config"
for line in "plugins.dir = $root/usr/lib/pigeon/plugins" "data.dir = $data" 'http.port = 0'; do
  grep -qx "$line" "$config" || fail "could not rewrite the packaged config: no '$line'"
done
cd "$work"
PIGEON_ADMIN_PASSWORD=deb-test setpriv --reuid=pigeon --regid=pigeon --init-groups -- \
  "$root/usr/bin/pigeond" --config "$config" >"$work/pigeond.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  [ -s "$data/pigeond.port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "pigeond exited at start"
  sleep 0.1
done
[ -s "$data/pigeond.port" ] || fail "pigeond wrote no $data/pigeond.port within 30 s"
[ "$(readlink "/proc/$pid/exe")" = "$root/usr/bin/pigeond" ] || fail "process $pid is not the packaged pigeond"
read -r _ ruid euid suid fsuid < <(grep '^Uid:' "/proc/$pid/status")
read -r _ rgid egid sgid fsgid < <(grep '^Gid:' "/proc/$pid/status")
[ "$ruid $euid $suid $fsuid $rgid $egid $sgid $fsgid" = "$uid $uid $uid $uid $gid $gid $gid $gid" ] ||
  fail "pigeond runs with Uid $ruid $euid $suid $fsuid, Gid $rgid $egid $sgid $fsgid; want pigeon ($uid:$gid)"
[ "$(stat -c %U "$data/pigeon.db")" = pigeon ] || fail "the store is not owned by pigeon"

api="http://127.0.0.1:$(cat "$data/pigeond.port")/api/v1"
plugins=$(curl -sS -u admin:deb-test "$api/plugins") || fail "GET /plugins"
grep -q '"name":"pigeon.provider.simulator".*"state":"loaded"' <<<"$plugins" ||
  fail "the packaged simulator plugin is not loaded: $plugins"
body=$(curl -sS -u admin:deb-test -X POST "$api/messages" -d '{"to":"+79123456789","text":"from the .deb"}') ||
  fail "POST /messages"
id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$body")
[ -n "$id" ] || fail "the message was not queued: $body"
for _ in $(seq 300); do
  body=$(curl -sS -u admin:deb-test "$api/messages/$id") || fail "GET /messages/$id"
  case $body in *'"status":"delivered"'*) break ;; esac
  sleep 0.1
done
case $body in *'"status":"delivered"'*) ;; *) fail "message $id not delivered within 30 s: $body" ;; esac

# --- The SDK package: headers, CMake package, the checker, the docs.
sdkroot=$work/sdk
dpkg-deb -x "$sdk" "$sdkroot"
for f in include/pigeon/sdk/provider/provider.h lib/cmake/PigeonSDK/PigeonSDKConfig.cmake \
  lib/cmake/PigeonSDK/PigeonPlugin.cmake share/pigeon-sdk/examples/provider_echo/CMakeLists.txt \
  share/doc/pigeon-sdk/SDK.md bin/pigeon-provider-check; do
  [ -f "$sdkroot/usr/$f" ] || fail "the SDK package lacks /usr/$f"
done
# Its CMake package loads from where it was unpacked (no build-tree paths inside) ...
mkdir "$work/partner"
cat >"$work/partner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(partner LANGUAGES CXX)  # CXX: Boost's config is found under the multiarch libdir
find_package(PigeonSDK $version EXACT REQUIRED)
get_target_property(inc PigeonSDK::sdk INTERFACE_INCLUDE_DIRECTORIES)
if(NOT EXISTS "\${inc}/pigeon/sdk/provider/provider.h")
  message(FATAL_ERROR "PigeonSDK::sdk includes \${inc}, which has no pigeon/sdk/provider/provider.h")
endif()
CMAKE
cmake -S "$work/partner" -B "$work/partner/build" -DCMAKE_PREFIX_PATH="$sdkroot/usr" \
  >"$work/partner.log" 2>&1 || { cat "$work/partner.log" >&2; fail "find_package(PigeonSDK) from the SDK package"; }
# ... and its checker passes the server package's simulator.
"$sdkroot/usr/bin/pigeon-provider-check" "$root/usr/lib/pigeon/plugins/provider_simulator.so" delay_ms=5 \
  >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "the packaged checker on the packaged simulator"; }

echo "1 passed, 0 failed: $(basename "$server") and $(basename "$sdk")"
