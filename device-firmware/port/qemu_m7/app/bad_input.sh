#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The M7 app on bad input: a missing manifest, an unknown directive, a missing model file, a corrupt
# network, a photo or a loop before the models and a thermal loop of an unsupported size each end with exit
# status 1 and an "error:" line naming the problem (never a fault or a hang).
# Needs no ../shared.
#   bad_input.sh <work dir> <app.elf>
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$1
app=$2
mkdir -p "$work" || exit 1
failed=0

expect_error() { # <name> <manifest> <text the error line must contain>
    bash "$here/run_app.sh" "$app" "$2" >"$work/$1.out" 2>&1
    local rc=$?
    if [ $rc -ne 1 ] || ! grep -q "^error: .*$3" "$work/$1.out"; then
        echo "FAILED $1: exit $rc, output:"
        cat "$work/$1.out"
        failed=1
    else
        echo "ok $1: $(grep '^error:' "$work/$1.out")"
    fi
}

expect_error missing_manifest "$work/no-such-manifest.txt" "cannot open manifest"
printf 'frobnicate 1 2\n' >"$work/unknown.txt"
expect_error unknown_directive "$work/unknown.txt" "unknown directive"
printf 'network %s\n' "$work/no-such.network" >"$work/missing_model.txt"
expect_error missing_model "$work/missing_model.txt" "cannot read network"
head -c 300 /dev/zero | tr '\0' 'x' >"$work/corrupt.network"
printf 'network %s\n' "$work/corrupt.network" >"$work/corrupt.txt"
expect_error corrupt_network "$work/corrupt.txt" "network .*corrupt.network"
printf 'face camera camera %s\n' "$work/corrupt.network" >"$work/face_first.txt"
expect_error face_before_models "$work/face_first.txt" "before network and cascade"
printf 'loop thermal 3 2 2\n' >"$work/loop_tiny.txt"
expect_error loop_thermal_too_small "$work/loop_tiny.txt" "fl_thermal_init"
printf 'loop smile 3 %s\n' "$work/corrupt.network" >"$work/loop_no_models.txt"
expect_error loop_before_models "$work/loop_no_models.txt" "loop smile before network and cascade"
exit $failed
