#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Executed Cortex-M7 instructions of the slots' crypto (bench_crypto_m7.elf): one SHA-256 over 64 KiB and one
# ECDSA P-256 verify, counted by the project's insncount TCG plugin (../bench/fl_insncount.c, the same counting
# as ../shared/tools/qemu-insncount) with the marker overhead (region 0) subtracted. Also prints the time at
# 480 MHz under the simulator's CPI assumption (0.93 cycles per instruction, docs/simulator.md: an assumption,
# not a measurement; QEMU counts instructions, not cycles).
#   run_crypto_bench.sh <qemu-m7 build dir>      e.g. /tmp/fl-qemu-build (after building bench_crypto_m7)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?usage: run_crypto_bench.sh <qemu-m7 build dir>}
elf=$build/port/qemu_m7/slots/bench/bench_crypto_m7.elf
[ -f "$elf" ] || elf=$build/slots/bench/bench_crypto_m7.elf
if [ ! -f "$elf" ]; then
    echo "error: bench_crypto_m7.elf not found under $build (cmake --build $build --target bench_crypto_m7)" >&2
    exit 1
fi
work=$build/insncount-crypto
mkdir -p "$work"
cc -O2 -shared -fPIC -o "$work/libfl_insncount.so" "$here/../bench/fl_insncount.c"
begin=$(arm-none-eabi-nm "$elf" | awk '$3 == "bench_begin" { print "0x" $1 }')
end=$(arm-none-eabi-nm "$elf" | awk '$3 == "bench_end" { print "0x" $1 }')
qemu-system-arm -M mps2-an500 -cpu cortex-m7 -nographic -monitor none -serial none -chardev stdio,id=semi \
    -semihosting-config enable=on,target=native,chardev=semi \
    -plugin "$work/libfl_insncount.so,begin=$begin,end=$end,out=$work/insns.txt" -kernel "$elf" </dev/null
awk '
    $1 == "region" { n[$2] = $3 }
    END {
        if (!(0 in n) || !(1 in n) || !(2 in n)) { print "error: regions missing" > "/dev/stderr"; exit 1 }
        split("|SHA-256, 64 KiB model|ECDSA P-256 verify", name, "|")
        print "| Operation | Executed instructions | ms at 480 MHz, CPI 0.93 (assumed) |"
        print "|---|---:|---:|"
        for (k = 1; k <= 2; k++) {
            c = n[k] - n[0]
            printf "| %s | %d | %.2f |\n", name[k + 1], c, c * 0.93 / 480000.0
        }
    }' "$work/insns.txt"
