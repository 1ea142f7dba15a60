#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the libFuzzer target for the protocol decoder.
#   tools/run_fuzz.sh [seconds]      (default 30)
# Needs clang and libclang-rt-14-dev (apt-get install -y clang libclang-rt-14-dev). Seeds the corpus with the
# golden vectors, exits non-zero on any crash, sanitizer report or round-trip mismatch, and prints the run count.
# Env: FL_FUZZ_BUILD_DIR (default /tmp/fl-fuzz-build), FL_FUZZ_CORPUS (default <build dir>/corpus).
set -euo pipefail

seconds="${1:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
core="$(cd "$here/.." && pwd)"
repo="$(cd "$core/../.." && pwd)"
build="${FL_FUZZ_BUILD_DIR:-/tmp/fl-fuzz-build}"
corpus="${FL_FUZZ_CORPUS:-$build/corpus}"

if ! command -v clang >/dev/null 2>&1; then
    echo "run_fuzz: clang not found (apt-get install -y clang libclang-rt-14-dev)" >&2
    exit 2
fi

cmake -S "$core" -B "$build" -DCMAKE_C_COMPILER=clang -DFL_BUILD_TESTS=OFF -DFL_BUILD_FUZZERS=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_fl_proto_decode --parallel >/dev/null

mkdir -p "$corpus" "$build/artifacts"
cp "$repo"/tests/golden/protocol/*.cbor "$corpus"/

log="$build/fuzz.log"
set +e
"$build/fuzz_fl_proto_decode" "$corpus" -max_total_time="$seconds" -max_len=4200 -timeout=10 \
    -artifact_prefix="$build/artifacts/" -print_final_stats=1 >"$log" 2>&1
status=$?
set -e

runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)"
cov="$(grep -E 'DONE' "$log" | tail -1 | sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//' || true)"
echo "run_fuzz: ${runs:-?} runs in ${seconds}s, corpus $(ls "$corpus" | wc -l) files; ${cov}"
if [ "$status" -ne 0 ]; then
    echo "run_fuzz: FAILED (exit $status); artifacts in $build/artifacts, log tail:" >&2
    tail -40 "$log" >&2
    exit 1
fi
echo "run_fuzz: OK"
