#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ctest test_loop_profiles_gen: the generated header matches the JSON, and bad profiles are refused.

usage: test_gen_profiles.py BUILD_HEADER   (the fl_profiles_gen.h the build compiled)

1. Regenerating from device-firmware/profiles/*.json gives exactly the header the build used.
2. Each profile's initializer holds the JSON values, scaled to the C units, in fl_loop.h's field order (read
   from the JSON here, independently of the generator's tables).
3. Broken copies of a profile (missing, unknown, wrong unit, negative, not a number, not a whole nA, bad JSON,
   bad name, duplicate name, no source) make the generator exit 1 naming the file and key, writing nothing.
"""
import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_profiles.py")
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("  FAIL " + what)


def run_gen(out, files):
    return subprocess.run([sys.executable, GEN, out] + files, capture_output=True, text=True)


def ua(doc, *path):
    node = doc
    for p in path:
        node = node[p]
    v = node["value"]
    return int(round(v * 1000)) if node["unit"] == "uA" else int(round(v))


def expected_numbers(doc):
    """fl_board_profile_t / fl_radio_profile_t field order (fl_loop.h), nA for currents."""
    if doc["kind"] == "board":
        modes = ("cpu", "stop", "standby")
        nums = [ua(doc, "supply_mv")]
        nums += [ua(doc, "sleep", m, "current_ua") for m in modes]
        for m in modes:
            nums += [ua(doc, "wake", m, "current_ua"), ua(doc, "wake", m, "duration_us")]
        nums += [ua(doc, "radio_wait_ua"), ua(doc, "capture", "current_ua"), ua(doc, "capture", "duration_us"),
                 ua(doc, "detect", "current_ua"), ua(doc, "detect", "haar_us_per_qvga"),
                 ua(doc, "detect", "cnn_us_per_face"), ua(doc, "detect", "thermal_us_per_frame")]
        for s in ("camera", "thermal"):
            nums += [ua(doc, "sensors", s, "warmup_ua"), ua(doc, "sensors", s, "warmup_us")]
        return nums
    return [ua(doc, "sleep_ua"), ua(doc, "connect", "current_ua"), ua(doc, "connect", "duration_us"),
            ua(doc, "tx", "current_ua"), ua(doc, "tx", "fixed_us"), ua(doc, "tx", "us_per_byte"),
            ua(doc, "rx", "current_ua"), ua(doc, "rx", "per_message_us"), ua(doc, "rx", "per_session_us")]


def initializer_numbers(header, kind, name):
    ident = "fl_profile_%s_%s" % (kind, name.replace("-", "_"))
    m = re.search(r"%s = \{\n(.*?)\n\};" % re.escape(ident), header, re.S)
    if m is None:
        return None
    body = re.sub(r"/\*.*?\*/", "", m.group(1))
    body = re.sub(r'"[^"]*"', "", body)
    return [int(x) for x in re.findall(r"\b(\d+)u\b", body)]


def main():
    if len(sys.argv) != 2:
        print("usage: test_gen_profiles.py BUILD_HEADER")
        return 2
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    with open(sys.argv[1], encoding="utf-8") as f:
        built = f.read()

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "gen.h")
        r = run_gen(out, files)
        check(r.returncode == 0, "generator succeeds on the repository's profiles: " + r.stderr)
        with open(out, encoding="utf-8") as f:
            check(f.read() == built, "regenerated header equals the build's header")

        docs = {}
        for path in files:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            docs[os.path.basename(path)] = doc
            got = initializer_numbers(built, doc["kind"], doc["name"])
            check(got == expected_numbers(doc), "%s: header values %s, JSON gives %s"
                  % (os.path.basename(path), got, expected_numbers(doc)))
        check(any(d["kind"] == "board" and d["name"] == "openmv-h7" for d in docs.values()), "openmv-h7 board")
        for radio in ("wifi", "ble", "lora-sf7", "lora-sf12", "ltem-psm"):
            check(any(d["kind"] == "radio" and d["name"] == radio for d in docs.values()), "radio " + radio)

        board = docs["openmv-h7.json"]
        radio = docs["radio-lora-sf7.json"]

        def broken(label, mutate, expect, base=board, raw=None, keep_original=False):
            bad_dir = os.path.join(tmp, label)
            os.mkdir(bad_dir)
            bad = os.path.join(bad_dir, "bad.json")
            with open(bad, "w", encoding="utf-8") as f:
                if raw is not None:
                    f.write(raw)
                else:
                    doc = copy.deepcopy(base)
                    mutate(doc)
                    json.dump(doc, f)
            replaced = "openmv-h7.json" if base is board else "radio-lora-sf7.json"
            others = [p for p in files if keep_original or os.path.basename(p) != replaced]
            out_bad = os.path.join(bad_dir, "gen.h")
            r = run_gen(out_bad, others + [bad])
            check(r.returncode == 1, "%s: exit status %d, expected 1" % (label, r.returncode))
            check(expect in r.stderr and "bad.json" in r.stderr,
                  "%s: error names the file and %r: %r" % (label, expect, r.stderr))
            check(not os.path.exists(out_bad), "%s: nothing written" % label)

        broken("missing", lambda d: d["detect"].pop("cnn_us_per_face"), "detect.cnn_us_per_face: missing")
        broken("unknown", lambda d: d["sleep"].update({"shutdown": {}}), "sleep.shutdown: unknown key")
        broken("unit", lambda d: d["capture"]["current_ua"].update({"unit": "mA"}), "capture.current_ua: unit")
        broken("negative", lambda d: d["wake"]["stop"]["duration_us"].update({"value": -1}),
               "wake.stop.duration_us: value -1 is negative")
        broken("nan", lambda d: d["radio_wait_ua"].update({"value": "7.1 mA"}), "radio_wait_ua: value")
        broken("fraction", lambda d: d["sleep"]["standby"]["current_ua"].update({"value": 0.0001}),
               "sleep.standby.current_ua: value 0.0001 is not a whole number of nA")
        broken("too-big", lambda d: d["capture"]["duration_us"].update({"value": 5e9}),
               "capture.duration_us: value 5000000000.0 does not fit 32 bits")
        broken("source", lambda d: d["detect"]["current_ua"].update({"source": " "}),
               "detect.current_ua: source must be a non-empty string")
        broken("name", lambda d: d.update({"name": "OpenMV H7"}), "name:")
        broken("kind", lambda d: d.update({"kind": "battery"}), "kind:")
        broken("duplicate", lambda d: None, "already used", base=radio, keep_original=True)
        broken("radio-missing", lambda d: d["rx"].pop("per_session_us"), "rx.per_session_us: missing", base=radio)
        broken("json", None, "cannot read JSON", raw='{"format": "fleet-power-profile/1", "kind": ')

    print("%d failed" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
