#!/usr/bin/env bash
# Builds the SMPP PDU fuzzer with clang (libFuzzer, ASan, UBSan) and runs it for a bounded time.
#   run_fuzzer.sh BUILD_DIR SECONDS
# Built here rather than by CMake, so `make build` and `make run` never need clang; the test
# fails, naming the package, when clang is missing (a fuzz test that skips would prove nothing).
set -euo pipefail
build=$1
seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../src
clang=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$clang" ] || { echo "FAILED: clang++ is not installed (make test-deps installs clang and libclang-rt-14-dev)" >&2; exit 1; }
out=$build/fuzz
mkdir -p "$out/corpus"
binary=$out/smpp_pdu_fuzzer
sources=("$src/pdu.cpp" "$src/pdu_table.cpp" "$src/pdu_codec.cpp" "$here/pdu_fuzzer.cpp")
stale=no
[ -x "$binary" ] || stale=yes
for s in "${sources[@]}" "$src"/*.h; do [ "$s" -nt "$binary" ] && stale=yes; done
if [ $stale = yes ]; then
  "$clang" -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src" "${sources[@]}" -o "$binary"
fi
# The corpus in the build folder grows across runs; crashes are written beside it.
"$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$out/" "$out/corpus"
