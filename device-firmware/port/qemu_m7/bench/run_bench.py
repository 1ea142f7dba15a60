#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reruns the Cortex-M7 instruction-count benchmarks (docs/benchmarks-m7.md) and prints their tables.

Runs bench_stages_m7.elf (Haar per QVGA frame, smile CNN per face, pipeline per frame, each seed .network,
thermal per frame) and bench_nn_m7.elf (the CMSIS-NN layer shapes, portable and DSP) under QEMU mps2-an500
with the qemu-insncount TCG plugin, subtracts the empty marker region from every figure, and prints Markdown.
Not part of the test command; about half a minute after the qemu-m7 preset is built.

Usage: run_bench.py --build <qemu-m7 build dir> [--shared <dir>] [--plugin-src fl_insncount.c]
  The build dir is the preset's (device-firmware/build/qemu-m7) or any configured like it; the ELFs are found
  under it. The plugin (bench/fl_insncount.c) is compiled with the host cc into <build>/insncount/; the stage
  benchmark's calibration region (a loop of exactly 201 instructions) must read 201 or nothing is printed.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))

# CMSIS-NN legacy q7 whole-network figures, shared/specs/cmsis-nn-and-cortex-m7.md §4.4 (M7 DSP -Ofast).
CMSIS_NETS = {"cifar10_fast": ("CMSIS_5 CIFAR-10 example (conv 3->32->16->32, FC 512->10)", 13848722),
              "cifar10": ("32->32->64, FC 1024->10", 23033322)}


def find_one(build, name):
    hits = glob.glob(os.path.join(build, "**", name), recursive=True)
    if not hits:
        sys.exit("error: %s not found under %s (build the qemu-m7 preset first)" % (name, build))
    return hits[0]


def symbol(elf, name):
    out = subprocess.run(["arm-none-eabi-nm", elf], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return "0x" + f[0]
    sys.exit("error: %s has no symbol %s" % (elf, name))


def run(elf, plugin, out_txt, args):
    begin, end = symbol(elf, "bench_begin"), symbol(elf, "bench_end")
    cmd = ["qemu-system-arm", "-M", "mps2-an500", "-cpu", "cortex-m7", "-nographic", "-monitor", "none",
           "-serial", "none", "-chardev", "stdio,id=semi",
           "-semihosting-config", "enable=on,target=native,chardev=semi" + "".join(",arg=" + a for a in args),
           "-plugin", "%s,begin=%s,end=%s,out=%s" % (plugin, begin, end, out_txt), "-kernel", elf]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        sys.exit("error: %s exited %d:\n%s%s" % (elf, p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
    counts = {}
    with open(out_txt) as f:
        for line in f:
            m = re.match(r"region (\d+) (\d+)", line)
            if m:
                counts[int(m.group(1))] = int(m.group(2))
    labels = {}
    for line in p.stdout.splitlines():
        m = re.match(r"region (\d+) (.*)", line)
        if m:
            labels[int(m.group(1))] = m.group(2)
    overhead = counts.get(0, 0)
    return [(k, labels.get(k, ""), counts[k] - overhead) for k in sorted(counts) if k != 0], overhead


def fmt(n):
    return format(int(round(n)), ",")


def stages_tables(rows, overhead):
    out = ["Marker overhead (subtracted): %d instructions." % overhead, ""]
    haar, cnn, pipe, nets, thermal = [], [], [], [], []
    for _, label, n in rows:
        f = label.split()
        if f[0] == "haar":
            haar.append((f[1], f[2], dict(x.split("=") for x in f[3:]), n))
        elif f[0] == "cnn_face":
            cnn.append((f[1], f[3], f[4], n))
        elif f[0] == "pipeline":
            pipe.append((f[1], dict(x.split("=") for x in f[2:]), n))
        elif f[0] == "network":
            nets.append((f[1], f[2], f[3].split("=")[1], " ".join(f[4:]), n))
        elif f[0] == "thermal":
            thermal.append((f[1], dict(x.split("=") for x in f[2:]), n))
    out += ["| QVGA photo | faces | Haar insns | smile CNN insns per face | pipeline insns (Haar + CNN per face) |",
            "|---|---:|---:|---:|---:|"]
    for name, size, kv, n in haar:
        per_face = [c[3] for c in cnn if c[0] == name]
        p = [x[2] for x in pipe if x[0] == name]
        out.append("| %s (%s) | %s | %s | %s | %s |" % (
            name, size, kv["faces"], fmt(n), ", ".join(fmt(x) for x in per_face) or "-", fmt(p[0]) if p else "-"))
    if haar:
        out.append("| **mean** | | **%s** | **%s** | |" % (
            fmt(sum(h[3] for h in haar) / len(haar)),
            fmt(sum(c[3] for c in cnn) / len(cnn)) if cnn else "-"))
    out += ["", "| Seed network | input | MACs | insns | insn/MAC | CMSIS-NN legacy (§4.4) | ours ÷ CMSIS |",
            "|---|---|---:|---:|---:|---:|---:|"]
    for name, shape, macs, arch, n in nets:
        ref = CMSIS_NETS.get(name)
        out.append("| %s (%s) | %s | %s | %s | %.2f | %s | %s |" % (
            name, arch.strip(), shape, fmt(int(macs)), fmt(n), n / max(1, int(macs)),
            "%s: %s" % (ref[0], fmt(ref[1])) if ref else "-", "%.2f" % (n / ref[1]) if ref else "-"))
    out += ["", "| Thermal source | frames | insns per frame |", "|---|---:|---:|"]
    for name, kv, n in thermal:
        frames = int(kv["frames"])
        out.append("| %s | %d | %s |" % (name, frames, fmt(n / frames)))
    return "\n".join(out)


# §4.3 (s8: MACs, M7 DSP -Ofast, M7 pure-C) and §4.4 (legacy q7 DSP -Ofast) of the spec.
CMSIS_S8 = {"conv3x3_32x32x3_to32": (884736, 3695882, 4227196), "conv5x5_32x32x3_to32": (2457600, 7024380, 9067118),
            "conv5x5_16x16x32_to32": (6553600, 11888087, 18143622), "conv5x5_8x8x32_to64": (3276800, 5730351, 8718590),
            "conv1x1_48x48x16_to32": (1179648, 4610892, 5679709), "dw3x3_48x48x16": (331776, 3036970, 3578991),
            "fc_1024_to10": (10240, 19839, 37435)}
CMSIS_Q7 = {"q7_conv3x3_32x32x3_to32": (884736, 2606509, "_RGB"), "q7_conv5x5_32x32x3_to32": (2457600, 6092560, "_RGB"),
            "q7_conv5x5_16x16x32_to32": (6553600, 10908731, "_fast"), "q7_conv5x5_8x8x32_to64": (3276800, 5323205, "_fast"),
            "q7_fc_1024_to10": (10240, 24321, "arm_fully_connected_q7"),
            "q7_fc_x4_1024_to10": (10240, 23532, "arm_fully_connected_q7_opt")}


def nn_table(rows, overhead):
    runs = {}
    for _, label, n in rows:
        f = label.split()
        runs.setdefault(f[0], {})[f[1]] = (n, f[2])
    out = ["Marker overhead (subtracted): %d instructions." % overhead, "",
           "| Case | MACs | ours portable | ours DSP | portable ÷ DSP | DSP insn/MAC | CMSIS DSP | ours DSP ÷ CMSIS DSP "
           "| CMSIS pure-C | ours portable ÷ CMSIS pure-C | outputs (FNV-1a) |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for case, (macs, c_dsp, c_c) in CMSIS_S8.items():
        r = runs.get(case)
        if not r:
            continue
        (p, hp), (d, hd) = r["portable"], r["dsp"]
        out.append("| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %.2f | %s |" % (
            case, fmt(macs), fmt(p), fmt(d), p / d, d / macs, fmt(c_dsp),
            ("**%.2f**" if d / c_dsp <= 0.9 else "%.2f") % (d / c_dsp), fmt(c_c), p / c_c,
            hd.split("=")[1] + (" (portable same)" if hp == hd else " (portable DIFFERS)")))
    out += ["", "| q7 case | MACs | ours portable | ours DSP | portable ÷ DSP | DSP insn/MAC | legacy CMSIS (§4.4) "
            "| ours DSP ÷ legacy | portable == DSP |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for case, (macs, legacy, vs) in CMSIS_Q7.items():
        r = runs.get(case)
        if not r:
            continue
        (p, hp), (d, hd) = r["portable"], r["dsp"]
        out.append("| %s (vs %s) | %s | %s | %s | %.2f | %.2f | %s | %s | %s |" % (
            case, vs, fmt(macs), fmt(p), fmt(d), p / d, d / macs, fmt(legacy),
            ("**%.2f**" if d / legacy <= 0.9 else "%.2f") % (d / legacy), "yes" if hp == hd else "NO"))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(REPO, "device-firmware", "build", "qemu-m7"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--plugin-src", default=None)
    a = ap.parse_args()
    shared = os.path.abspath(a.shared)
    src = a.plugin_src or os.path.join(HERE, "fl_insncount.c")
    if not os.path.isfile(src):
        sys.exit("error: plugin source %s not found" % src)
    work = os.path.join(os.path.abspath(a.build), "insncount")
    os.makedirs(work, exist_ok=True)
    plugin = os.path.join(work, "libfl_insncount.so")
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", plugin, src], check=True)
    stages = find_one(a.build, "bench_stages_m7.elf")
    nn = find_one(a.build, "bench_nn_m7.elf")
    rows, overhead = run(stages, plugin, os.path.join(work, "stages.txt"), ["bench_stages_m7", shared])
    cal = [(label, n) for _, label, n in rows if label.startswith("calibration")]
    if not cal or cal[0][1] != int(cal[0][0].split()[1]):
        sys.exit("error: calibration region read %r, expected 201 instructions" % (cal,))
    rows = [r for r in rows if not r[1].startswith("calibration")]
    print("## Stages (%s)\n" % os.path.relpath(stages, a.build))
    print(stages_tables(rows, overhead))
    rows, overhead = run(nn, plugin, os.path.join(work, "nn.txt"), ["bench_nn_m7"])
    print("\n## NN layer shapes (%s)\n" % os.path.relpath(nn, a.build))
    print(nn_table(rows, overhead))
    return 0


if __name__ == "__main__":
    sys.exit(main())
