#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs two builds of the firmware app (host executable or M7 .elf under QEMU) on the same manifest and
# requires byte-identical output. The output must also show real work (a classified face, a thermal frame
# with a person, sensing-loop runs that published), so two builds that both did nothing cannot pass.
#   compare_outputs.sh <work dir> <shared dir> <app A> <app B>
# Exit 0 identical, 1 different or a run failed, 77 (with "SKIPPED: <reason>") without ../shared.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$1
shared=$2
a=$3
b=$4
mkdir -p "$work" || exit 1
bash "$here/make_manifest.sh" "$shared" "$work/manifest.txt"
rc=$?
[ $rc -eq 0 ] || exit $rc

bash "$here/run_app.sh" "$a" "$work/manifest.txt" >"$work/a.txt" 2>"$work/a.err"
rc_a=$?
bash "$here/run_app.sh" "$b" "$work/manifest.txt" >"$work/b.txt" 2>"$work/b.err"
rc_b=$?
echo "A: $a (exit $rc_a, $(wc -l <"$work/a.txt") lines)"
echo "B: $b (exit $rc_b, $(wc -l <"$work/b.txt") lines)"
if [ $rc_a -ne 0 ] || [ $rc_b -ne 0 ]; then
    tail -5 "$work/a.txt" "$work/a.err" "$work/b.txt" "$work/b.err"
    echo "FAILED: a run did not succeed"
    exit 1
fi
if ! grep -q '^done$' "$work/a.txt" || ! grep -Eq '^  \[0\] box=.* smile=[01]$' "$work/a.txt" ||
    ! grep -Eq '^thermal .* n=[1-9]' "$work/a.txt" || ! grep -Eq '^loop smile done published=[1-9]' "$work/a.txt" ||
    ! grep -Eq '^loop thermal done published=[1-9]' "$work/a.txt"; then
    echo "FAILED: the output shows no classified face, no thermal detection or no loop run that published"
    exit 1
fi
if ! cmp -s "$work/a.txt" "$work/b.txt"; then
    diff "$work/a.txt" "$work/b.txt" | head -40
    echo "FAILED: outputs differ (full outputs in $work)"
    exit 1
fi
echo "identical: $(grep -c '^face ' "$work/a.txt") photos, $(grep -c '^  \[' "$work/a.txt") faces," \
    "$(grep -c '^thermal .* n=' "$work/a.txt") thermal frames, $(grep -c '^loop wake' "$work/a.txt") loop wakes," \
    "$(grep -c '^  publish' "$work/a.txt") messages published"
