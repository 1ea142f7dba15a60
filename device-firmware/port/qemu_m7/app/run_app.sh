#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the firmware app on a manifest: a host executable directly, an .elf under QEMU mps2-an500 with
# semihosting (the manifest path goes on the semihosting command line). Extra arguments (e.g. -plugin ...)
# are passed to QEMU. Exit status is the app's.
#   run_app.sh <app executable | app.elf> <manifest> [qemu args...]
set -u
app=$1
manifest=$2
shift 2
case $app in
*.elf)
    exec "${FL_QEMU_SYSTEM_ARM:-qemu-system-arm}" -M mps2-an500 -cpu cortex-m7 -nographic -monitor none \
        -serial none -chardev stdio,id=semi \
        -semihosting-config "enable=on,target=native,chardev=semi,arg=$(basename "$app"),arg=$manifest" \
        "$@" -kernel "$app" </dev/null
    ;;
*) exec "$app" "$manifest" ;;
esac
