#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The firmware tests of the two Cortex-M7 presets (device-firmware/CMakePresets.json), each configured into
# its own directory: qemu-m7 (the core's NN tests, the firmware app equal to its host build, DSP equal to
# portable, bad input; every image run under QEMU mps2-an500 with semihosting) and stm32h743 (the firmware
# image links; flash and RAM per module within the H743 budget).
#   FL_QEMU_BUILD_DIR  qemu-m7 build directory (default /tmp/fl-qemu-build; stm32h743 goes to <dir>-h743)
#   FL_QEMU_TIMEOUT    seconds per test (default 300)
# Prints ctest's output and ends with "N passed, N failed" (skipped tests, e.g. without ../shared, are
# listed and counted separately).
# Exit status: 0 all passed, 1 a build step or a test failed, 77 (with "SKIPPED: <reason>") when the cross
# toolchain or QEMU is missing and cannot be installed.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${FL_QEMU_BUILD_DIR:-/tmp/fl-qemu-build}
per_test_timeout=${FL_QEMU_TIMEOUT:-300}

have_tools() {
    command -v cmake >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 && command -v cc >/dev/null 2>&1 &&
        command -v arm-none-eabi-gcc >/dev/null 2>&1 &&
        command -v qemu-system-arm >/dev/null 2>&1 &&
        # newlib: -print-file-name echoes the bare name when the library is not installed
        [ "$(arm-none-eabi-gcc -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard \
                -print-file-name=libc.a)" != "libc.a" ]
}

if ! have_tools; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing cmake, gcc, python3, gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm (apt-get)"
        { apt-get update &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                cmake make gcc python3 gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm; } >"${TMPDIR:-/tmp}/fl-qemu-apt.log" 2>&1 ||
            echo "apt-get failed (log: ${TMPDIR:-/tmp}/fl-qemu-apt.log)"
    fi
    if ! have_tools; then
        echo "SKIPPED: arm-none-eabi-gcc + newlib, qemu-system-arm, cmake, a host cc and python3 are needed and could not be installed"
        exit 77
    fi
fi

fw=$(cd "$here/../.." && pwd)
passed=0
failed=0
skipped=0

# configure_build <preset> <binary dir>: cmake --preset (toolchain and FL_PORT from CMakePresets.json) into
# the given directory, then build. A failure counts as one failed test.
configure_build() {
    mkdir -p "$2" || return 1
    if ! (cd "$fw" && cmake --preset "$1" -B "$2") >"$2/configure.log" 2>&1; then
        cat "$2/configure.log"
        echo "--- $1: configure FAILED"
        return 1
    fi
    if ! cmake --build "$2" -j"$(nproc 2>/dev/null || echo 2)" >"$2/build.log" 2>&1; then
        grep -E "error|Error" "$2/build.log" | head -40
        echo "--- $1: build FAILED (log: $2/build.log)"
        return 1
    fi
}

# run_ctest <binary dir>: every test of the preset; tallies ctest's per-test verdicts.
run_ctest() {
    local log=$1/ctest.log
    ctest --test-dir "$1" --output-on-failure --timeout "$per_test_timeout" >"$log" 2>&1
    cat "$log"
    local p f s
    p=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log")
    s=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*Skipped' "$log")
    f=$(grep -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: ' "$log" | grep -vcE ' Passed |\*\*\*Skipped')
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
        echo "--- no test ran in $1"
        failed=$((failed + 1))
    fi
}

echo "=== qemu-m7: Cortex-M7 images under QEMU mps2-an500 (build: $build)"
if configure_build qemu-m7 "$build"; then
    run_ctest "$build"
else
    failed=$((failed + 1))
fi
echo "=== stm32h743: firmware image and size budget (build: $build-h743)"
if configure_build stm32h743 "$build-h743"; then
    run_ctest "$build-h743"
else
    failed=$((failed + 1))
fi
[ $skipped -eq 0 ] || echo "$skipped skipped (see SKIPPED lines above)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
