#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the core's libFuzzer targets, each for the given time:
#   fuzz_fl_proto_decode   the protocol decoder, seeded with the golden vectors (tests/golden/protocol)
#   fuzz_fl_network_load   the .network loader and runner, seeded with the seed's models from ../shared when
#                          present (without them it starts from an empty corpus and says so)
#   fuzz_fl_cascade_load   the Haar cascade loaders (OpenMV .cascade and Fleet FLHC) and both detectors, seeded
#                          with ../shared/data/openmv/cascades/*.cascade when present
#   fuzz_fl_haar_flash     the Haar flash-image reader (fl_haar_flash.h): images as they are, and images written from
#                          the shared .cascade seeds then corrupted, seeded like fuzz_fl_cascade_load
#   fuzz_fl_model_load     the Fleet model loader and runner, seeded with small q7/s8 blobs that
#                          fl_model_fuzz_seeds (built alongside, from the test-side model builder) writes
#   tools/run_fuzz.sh [seconds] [target...]      (default 30 s each, all targets)
# Needs clang and libclang-rt-14-dev (apt-get install -y clang libclang-rt-14-dev). Exits non-zero on any
# crash, sanitizer report or round-trip mismatch, and prints the run count of each target.
# Env: FL_FUZZ_BUILD_DIR (default /tmp/fl-fuzz-build), FL_FUZZ_CORPUS (default <build dir>/corpus).
set -euo pipefail

seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_fl_proto_decode fuzz_fl_network_load fuzz_fl_model_load fuzz_fl_cascade_load fuzz_fl_haar_flash)
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
extra=()
for t in "${targets[@]}"; do
    if [ "$t" = fuzz_fl_model_load ]; then extra=(fl_model_fuzz_seeds); fi
done
cmake --build "$build" --target "${targets[@]}" "${extra[@]}" --parallel >/dev/null

failed=0
for target in "${targets[@]}"; do
    tcorpus="$corpus/$target"
    mkdir -p "$tcorpus" "$build/artifacts"
    case "$target" in
        fuzz_fl_proto_decode) cp "$repo"/tests/golden/protocol/*.cbor "$tcorpus"/; max_len=4200 ;;
        fuzz_fl_network_load)
            models="$repo/../shared/data/openmv/models"
            if [ -d "$models" ]; then
                find "$models" -name '*.network' -exec cp {} "$tcorpus"/ \;
            else
                echo "run_fuzz: $models absent; $target starts from an empty corpus"
            fi
            max_len=65536 ;;
        fuzz_fl_model_load) "$build/fl_model_fuzz_seeds" "$tcorpus"; max_len=16384 ;;
        fuzz_fl_cascade_load | fuzz_fl_haar_flash)
            cascades="$repo/../shared/data/openmv/cascades"
            if [ -d "$cascades" ]; then
                find "$cascades" -name '*.cascade' -exec cp {} "$tcorpus"/ \;
            else
                echo "run_fuzz: $cascades absent; $target starts from an empty corpus"
            fi
            max_len=65536 ;;
        *) echo "run_fuzz: unknown target $target" >&2; exit 2 ;;
    esac

    log="$build/$target.log"
    set +e
    "$build/$target" "$tcorpus" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1 >"$log" 2>&1
    status=$?
    set -e

    runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)"
    cov="$(grep -E 'DONE' "$log" | tail -1 | sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//' || true)"
    echo "run_fuzz: $target: ${runs:-?} runs in ${seconds}s, corpus $(ls "$tcorpus" | wc -l) files; ${cov}"
    if [ "$status" -ne 0 ]; then
        echo "run_fuzz: $target FAILED (exit $status); artifacts in $build/artifacts, log tail:" >&2
        tail -40 "$log" >&2
        failed=1
    fi
done
[ "$failed" -eq 0 ] || exit 1
echo "run_fuzz: OK"
