#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Fleet core and its NN unit tests for the Cortex-M7 and runs each test image under QEMU
# mps2-an500 with semihosting; a test's exit status is its result.
#   FL_QEMU_BUILD_DIR  build directory (default /tmp/fl-qemu-build)
#   FL_QEMU_TIMEOUT    seconds per test image (default 300)
# Exit status: 0 all passed, 1 a build step or a test failed, 77 (with "SKIPPED: <reason>") when the cross
# toolchain or QEMU is missing and cannot be installed.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${FL_QEMU_BUILD_DIR:-/tmp/fl-qemu-build}
per_test_timeout=${FL_QEMU_TIMEOUT:-300}

have_tools() {
    command -v cmake >/dev/null 2>&1 &&
        command -v arm-none-eabi-gcc >/dev/null 2>&1 &&
        command -v qemu-system-arm >/dev/null 2>&1 &&
        # newlib: -print-file-name echoes the bare name when the library is not installed
        [ "$(arm-none-eabi-gcc -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard \
                -print-file-name=libc.a)" != "libc.a" ]
}

if ! have_tools; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm (apt-get)"
        { apt-get update &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                cmake make gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm; } >"${TMPDIR:-/tmp}/fl-qemu-apt.log" 2>&1 ||
            echo "apt-get failed (log: ${TMPDIR:-/tmp}/fl-qemu-apt.log)"
    fi
    if ! have_tools; then
        echo "SKIPPED: arm-none-eabi-gcc + newlib, qemu-system-arm and cmake are needed and could not be installed"
        exit 77
    fi
fi

mkdir -p "$build" || exit 1
cmake -S "$here" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$here/toolchain-arm-none-eabi.cmake" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log"
    echo "configure failed"
    echo "0 passed, 1 failed"
    exit 1
}
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >"$build/build.log" 2>&1 || {
    cat "$build/build.log"
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
}

passed=0
failed=0
shopt -s nullglob
images=("$build"/tests/*.elf)
if [ ${#images[@]} -eq 0 ]; then
    echo "no test images in $build/tests"
    echo "0 passed, 1 failed"
    exit 1
fi
for elf in "${images[@]}"; do
    name=$(basename "$elf" .elf)
    echo "=== $name (qemu-system-arm -M mps2-an500 -cpu cortex-m7)"
    # Semihosting output goes to stdout through the chardev; without it QEMU 7.2 writes it to stderr.
    timeout "$per_test_timeout" qemu-system-arm -M mps2-an500 -cpu cortex-m7 -nographic -monitor none \
        -serial none -chardev stdio,id=semi -semihosting-config enable=on,target=native,chardev=semi \
        -kernel "$elf" </dev/null
    rc=$?
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        case $rc in
        124) echo "--- $name: FAILED (timed out after ${per_test_timeout}s)" ;;
        2) echo "--- $name: FAILED (CPU fault)" ;;
        *) echo "--- $name: FAILED (exit status $rc)" ;;
        esac
    fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
