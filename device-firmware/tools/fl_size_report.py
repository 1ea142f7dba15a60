#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Flash and RAM per firmware module from a GNU ld map file, checked against a budget.

Every input section the linker placed is attributed to a module by the object it came from:
  - core objects by the directory of their source under device-firmware/core/src (nn, model, proto, slots, loop,
    common), with src/detect split into detect/haar (fl_haar_*), detect/thermal (fl_thermal_*) and
    detect/pipeline (fl_smile_pipeline);
  - the slots' crypto callbacks (fl_host_crypto) and the mbedTLS library (libfleet_mbedtls*.a) as "crypto";
  - the firmware's fw_* files (fw_main: its frame buffer, model files and working arena; fw_slots) as "app", the port's other
    objects (startup, board/*) as "board";
  - the stack reservation as "stack" and linker alignment fill as "(padding)";
  - libc, libgcc, libnosys and linker-generated bits as "libc".
Flash = bytes in the flash regions (code, constants, the vector table, and the load image of .data);
RAM = bytes in the RAM regions (.data, .bss, stacks, the AXI SRAM buffers, backup SRAM).

Budget (JSON): {"regions": {"<memory region>": max_bytes, ...}, "modules": {"<module>": {"flash": n, "ram": n}}}.
Exit status 1 when a region or a module is over its budget, 2 on bad input (unreadable map, unknown format).

Usage:
  fl_size_report.py --map fw.map --budget budget.json [--elf fw.elf] [--markdown out.md]
  fl_size_report.py --self-test
"""
import argparse
import json
import os
import re
import sys

CORE_SRC = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src"))

# Output sections that take space in the image; anything else (debug, comments, attributes) is ignored.
LOADED = re.compile(r"^\.(isr_vector|text|rodata|ARM\.exidx|ARM\.extab|data|bss|stack|axisram|backup|got|got\.plt|"
                    r"init_array|fini_array|preinit_array|tdata|tbss|heap|noinit|sram123)\b")
MODULE_ORDER = ["nn", "model", "detect/haar", "detect/thermal", "detect/pipeline", "proto", "loop", "slots",
                "crypto", "common", "app", "board", "libc", "stack", "(padding)"]


def core_modules(src_dir):
    """Map of object basename ("fl_haar_detect.c.obj") -> module, from the core's source tree."""
    table = {}
    if not os.path.isdir(src_dir):
        return table
    for sub in sorted(os.listdir(src_dir)):
        d = os.path.join(src_dir, sub)
        if not os.path.isdir(d):
            continue
        for name in os.listdir(d):
            if not name.endswith(".c"):
                continue
            module = sub
            if sub == "detect":
                if name.startswith("fl_haar_"):
                    module = "detect/haar"
                elif name.startswith("fl_thermal_"):
                    module = "detect/thermal"
                else:
                    module = "detect/pipeline"
            table[name + ".obj"] = module
            table[name + ".o"] = module
    return table


def object_module(obj, table):
    """The module of one input file as the map names it: "lib.a(member.o)" or "path/x.c.obj"."""
    m = re.match(r"^(.*)\((.*)\)$", obj)
    archive, member = (m.group(1), m.group(2)) if m else (None, obj)
    base = os.path.basename(member)
    if base in table:
        return table[base]
    path = archive if archive is not None else member
    if base.startswith("fw_"):
        return "app"
    if base.startswith("fl_host_crypto.") or re.search(r"(^|/)libfleet_mbedtls[^/]*\.a$", archive or ""):
        return "crypto"
    if re.search(r"(^|/)lib(c|g|gcc|m|nosys|c_nano|g_nano|rdimon)[^/]*\.a$", path) or "/arm-none-eabi/" in path \
            or "/gcc/" in path or path.startswith("linker stubs"):
        return "libc"
    return "board"


def parse_memory_regions(text):
    """{name: (origin, length)} from the map's "Memory Configuration" table."""
    regions = {}
    block = re.search(r"Memory Configuration\s*\n(.*?)\n\s*\nLinker script and memory map", text, re.S)
    if not block:
        return regions
    for line in block.group(1).splitlines():
        f = line.split()
        if len(f) >= 3 and f[1].startswith("0x") and f[2].startswith("0x") and f[0] != "*default*":
            regions[f[0]] = (int(f[1], 16), int(f[2], 16))
    return regions


def region_of(addr, regions):
    for name, (origin, length) in regions.items():
        if origin <= addr < origin + length:
            return name
    return None


def parse_map(text, table):
    """(per-module {module: {"flash": n, "ram": n}}, per-region {region: bytes}, regions)."""
    regions = parse_memory_regions(text)
    if not regions:
        raise ValueError("no Memory Configuration table: not a GNU ld map file")
    body = text.split("Linker script and memory map", 1)[1]
    modules = {}
    used = {name: 0 for name in regions}
    out_sec, out_lma_delta = None, 0
    pending = None  # an input section name whose address/size are on the next line
    for line in body.splitlines():
        if not line.strip():
            continue
        if line[0] not in " \t":
            # output section header: ".text  0x08000000  0x1234 [load address 0x...]" (maybe wrapped)
            name = line.split()[0]
            out_sec = name if LOADED.match(name) else None
            out_lma_delta = 0
            m = re.search(r"^\S+\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+load address (0x[0-9a-f]+)", line)
            if m and re.match(r"^\.(data|got|got\.plt|igot\.plt|tdata)$", name):  # NOLOAD sections list one too
                out_lma_delta = int(m.group(2), 16) - int(m.group(1), 16)
            pending = None
            continue
        if out_sec is None:
            continue
        f = line.split()
        if len(f) == 1 and f[0].startswith(".") or (len(f) == 1 and f[0] == "COMMON"):
            pending = f[0]
            continue
        if pending is not None and len(f) >= 3 and f[0].startswith("0x") and f[1].startswith("0x"):
            addr, size, obj = int(f[0], 16), int(f[1], 16), " ".join(f[2:])
            pending = None
        elif len(f) >= 4 and (f[0].startswith(".") or f[0] == "COMMON") and f[1].startswith("0x") \
                and f[2].startswith("0x") and not f[3].startswith("0x"):
            addr, size, obj = int(f[1], 16), int(f[2], 16), " ".join(f[3:])
        elif len(f) >= 2 and f[0] == "*fill*" and f[1].startswith("0x"):
            addr, size, obj = int(f[1], 16), int(f[2], 16) if len(f) > 2 else 0, "*fill*"
        else:
            pending = None
            continue
        if size == 0:
            continue
        if out_sec == ".stack":
            module = "stack"
        elif obj == "*fill*":
            module = "(padding)"
        else:
            module = object_module(obj, table)
        acc = modules.setdefault(module, {"flash": 0, "ram": 0})
        vma_region = region_of(addr, regions)
        kinds = []
        if vma_region is not None:
            kinds.append(vma_region)
        if out_lma_delta and region_of(addr + out_lma_delta, regions) not in (None, vma_region):
            kinds.append(region_of(addr + out_lma_delta, regions))  # .data: its initial values in flash too
        for r in kinds:
            used[r] += size
            acc["flash" if r.upper().startswith("FLASH") else "ram"] += size
    return modules, used, regions


def check(modules, used, budget):
    problems = []
    for region, limit in budget.get("regions", {}).items():
        if used.get(region, 0) > limit:
            problems.append("region %s: %d bytes used, budget %d" % (region, used.get(region, 0), limit))
    for module, limits in budget.get("modules", {}).items():
        got = modules.get(module, {"flash": 0, "ram": 0})
        for kind in ("flash", "ram"):
            if kind in limits and got[kind] > limits[kind]:
                problems.append("module %s: %s %d bytes, budget %d" % (module, kind, got[kind], limits[kind]))
    for module in modules:
        if module not in budget.get("modules", {}):
            problems.append("module %s has no budget" % module)
    return problems


def render(modules, used, regions, budget, title):
    lines = ["### %s" % title, "",
             "| Module | Flash (B) | Flash budget | RAM (B) | RAM budget |", "|---|---:|---:|---:|---:|"]
    order = MODULE_ORDER + sorted(m for m in modules if m not in MODULE_ORDER)
    for m in order:
        if m not in modules and m not in budget.get("modules", {}):
            continue
        got = modules.get(m, {"flash": 0, "ram": 0})
        lim = budget.get("modules", {}).get(m, {})
        lines.append("| %s | %s | %s | %s | %s |" % (m, format(got["flash"], ","), format(lim.get("flash", 0), ","),
                                                    format(got["ram"], ","), format(lim.get("ram", 0), ",")))
    lines += ["", "| Memory region | Used (B) | Size (B) | Budget (B) |", "|---|---:|---:|---:|"]
    for name, (_, length) in regions.items():
        lines.append("| %s | %s | %s | %s |" % (name, format(used.get(name, 0), ","), format(length, ","),
                                                format(budget.get("regions", {}).get(name, length), ",")))
    return "\n".join(lines) + "\n"


SELF_TEST_MAP = """Memory Configuration

Name             Origin             Length             Attributes
FLASH_APP        0x08000000         0x00100000         xr
DTCM             0x20000000         0x00020000         xrw
*default*        0x00000000         0xffffffff

Linker script and memory map

.text           0x08000000      0x140
 .text.fl_haar_detect
                0x08000000      0x100 core/libfleetcore_static.a(fl_haar_detect.c.obj)
 .text.main     0x08000100       0x20 CMakeFiles/fw.dir/fw_main.c.obj
 *fill*         0x08000120        0x4 
 .text.memcpy   0x08000124       0x1c /usr/lib/arm-none-eabi/lib/libc_nano.a(libc_a-memcpy.o)
.data           0x20000000        0x8 load address 0x08000140
 .data.g_x      0x20000000        0x8 core/libfleetcore_static.a(fl_thermal_init.c.obj)
.bss            0x20000008       0x30
 .bss.g_arena   0x20000008       0x20 core/libfleetcore_static.a(fl_nn_conv_q7.c.obj)
 COMMON         0x20000028       0x10 CMakeFiles/fw.dir/fw_main.c.obj
.debug_info     0x00000000     0x9999
 .debug_info    0x00000000     0x9999 core/libfleetcore_static.a(fl_haar_detect.c.obj)
"""


def self_test():
    table = {"fl_haar_detect.c.obj": "detect/haar", "fl_thermal_init.c.obj": "detect/thermal",
             "fl_nn_conv_q7.c.obj": "nn"}
    modules, used, _ = parse_map(SELF_TEST_MAP, table)
    expect = {"detect/haar": {"flash": 0x100, "ram": 0}, "app": {"flash": 0x20, "ram": 0x10},
              "(padding)": {"flash": 0x4, "ram": 0}, "libc": {"flash": 0x1c, "ram": 0}, "detect/thermal": {"flash": 8, "ram": 8},
              "nn": {"flash": 0, "ram": 0x20}}
    ok = modules == expect and used == {"FLASH_APP": 0x148, "DTCM": 0x38}
    budget = {"regions": {"FLASH_APP": 0x148, "DTCM": 0x37},
              "modules": {m: {"flash": v["flash"], "ram": v["ram"]} for m, v in expect.items()}}
    problems = check(modules, used, budget)
    ok = ok and problems == ["region DTCM: 56 bytes used, budget 55"]
    budget["modules"]["nn"]["ram"] = 0x1f
    del budget["modules"]["libc"]
    problems = check(modules, used, budget)
    ok = ok and "module nn: ram 32 bytes, budget 31" in problems and "module libc has no budget" in problems
    try:
        parse_map("not a map", table)
        ok = False
    except ValueError:
        pass
    if not ok:
        print("self-test FAILED: modules=%r used=%r problems=%r" % (modules, used, problems))
        return 1
    print("self-test passed")
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--map")
    ap.add_argument("--budget")
    ap.add_argument("--elf", help="only named in the report")
    ap.add_argument("--markdown", help="also write the tables here")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args(argv)
    if a.self_test:
        return self_test()
    if not a.map or not a.budget:
        ap.error("--map and --budget are required")
    try:
        with open(a.map, encoding="utf-8", errors="replace") as f:
            text = f.read()
        with open(a.budget, encoding="utf-8") as f:
            budget = json.load(f)
        modules, used, regions = parse_map(text, core_modules(CORE_SRC))
    except (OSError, ValueError) as e:
        print("error: %s" % e)
        return 2
    title = "Size per module: %s" % os.path.basename(a.elf or a.map)
    report = render(modules, used, regions, budget, title)
    print(report)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(report)
    problems = check(modules, used, budget)
    for p in problems:
        print("OVER BUDGET: %s" % p)
    print("size budget: %s" % ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
