#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Board power profiles (device-firmware/profiles/<name>.json) -> a C header for the firmware loop.

usage: gen_profiles.py OUTPUT.h PROFILE.json [PROFILE.json ...]

Every JSON file is validated against the format of README.md before anything is written: a missing or unknown
key, a wrong unit, a value that is not a number, negative, too large or not a whole number in the C unit, a
missing source or a duplicate name stops the generator with one line per problem (file and key path) and exit
status 1; the output file is then left untouched. Python 3 standard library only, so CMake can run it anywhere.
"""
import json
import re
import sys

FORMAT = "fleet-power-profile/1"
UINT32_MAX = 4294967295

# Field specs: path -> (unit in JSON, scale to the C unit). Currents go to nA so sub-uA floors (0.2 uA) stay exact.
CURRENT = ("uA", 1000)
DURATION = ("us", 1)
VOLTAGE = ("mV", 1)

SLEEP_MODES = ("cpu", "stop", "standby")  # order of fl_sleep_mode_t

BOARD_FIELDS = {"supply_mv": VOLTAGE, "radio_wait_ua": CURRENT}
for _m in SLEEP_MODES:
    BOARD_FIELDS["sleep.%s.current_ua" % _m] = CURRENT
    BOARD_FIELDS["wake.%s.duration_us" % _m] = DURATION
    BOARD_FIELDS["wake.%s.current_ua" % _m] = CURRENT
BOARD_FIELDS.update({
    "capture.duration_us": DURATION, "capture.current_ua": CURRENT,
    "detect.current_ua": CURRENT, "detect.haar_us_per_qvga": DURATION, "detect.cnn_us_per_face": DURATION,
    "detect.thermal_us_per_frame": DURATION,
    "sensors.camera.warmup_us": DURATION, "sensors.camera.warmup_ua": CURRENT,
    "sensors.thermal.warmup_us": DURATION, "sensors.thermal.warmup_ua": CURRENT,
})

RADIO_FIELDS = {
    "sleep_ua": CURRENT,
    "connect.duration_us": DURATION, "connect.current_ua": CURRENT,
    "tx.fixed_us": DURATION, "tx.us_per_byte": DURATION, "tx.current_ua": CURRENT,
    "rx.per_message_us": DURATION, "rx.per_session_us": DURATION, "rx.current_ua": CURRENT,
}

TOP_KEYS = {"format", "kind", "name", "title"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")


class ProfileError(Exception):
    pass


def leaf_paths(fields):
    """Every object path that must exist (prefixes of the field paths), for the unknown-key check."""
    objects = set()
    for path in fields:
        parts = path.split(".")
        for i in range(1, len(parts)):
            objects.add(".".join(parts[:i]))
    return objects


def check_unknown(node, prefix, fields, objects, errors, where):
    for key, value in node.items():
        path = key if not prefix else prefix + "." + key
        if not prefix and key in TOP_KEYS:
            continue
        if path in fields:
            continue
        if path in objects:
            if not isinstance(value, dict):
                errors.append("%s: %s: expected an object" % (where, path))
            else:
                check_unknown(value, path, fields, objects, errors, where)
            continue
        errors.append("%s: %s: unknown key" % (where, path))


def read_value(doc, path, spec, errors, where):
    node = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            errors.append("%s: %s: missing" % (where, path))
            return None
        node = node[part]
    unit, scale = spec
    if not isinstance(node, dict) or set(node) != {"value", "unit", "source"}:
        errors.append('%s: %s: expected {"value", "unit", "source"}' % (where, path))
        return None
    value, got_unit, source = node["value"], node["unit"], node["source"]
    if got_unit != unit:
        errors.append("%s: %s: unit %r, expected %r" % (where, path, got_unit, unit))
        return None
    if not isinstance(source, str) or not source.strip():
        errors.append("%s: %s: source must be a non-empty string" % (where, path))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.append("%s: %s: value %r is not a number" % (where, path, value))
        return None
    if value < 0:
        errors.append("%s: %s: value %r is negative" % (where, path, value))
        return None
    scaled = value * scale
    rounded = int(round(scaled))
    if abs(scaled - rounded) > 1e-6:
        errors.append("%s: %s: value %r is not a whole number of %s" % (where, path, value,
                                                                       "nA" if scale == 1000 else unit))
        return None
    if rounded > UINT32_MAX:
        errors.append("%s: %s: value %r does not fit 32 bits" % (where, path, value))
        return None
    return rounded


def load(path):
    where = path
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise ProfileError("%s: cannot read JSON: %s" % (where, e))
    errors = []
    if not isinstance(doc, dict):
        raise ProfileError("%s: top level must be an object" % where)
    if doc.get("format") != FORMAT:
        errors.append("%s: format: %r, expected %r" % (where, doc.get("format"), FORMAT))
    kind = doc.get("kind")
    if kind not in ("board", "radio"):
        errors.append("%s: kind: %r, expected \"board\" or \"radio\"" % (where, kind))
        raise ProfileError("\n".join(errors))
    name = doc.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        errors.append("%s: name: %r must be 1-31 chars of [a-z0-9-]" % (where, name))
    if not isinstance(doc.get("title"), str) or not doc["title"].strip():
        errors.append("%s: title: must be a non-empty string" % where)
    fields = BOARD_FIELDS if kind == "board" else RADIO_FIELDS
    check_unknown(doc, "", fields, leaf_paths(fields), errors, where)
    values = {}
    for field, spec in fields.items():
        values[field] = read_value(doc, field, spec, errors, where)
    if errors:
        raise ProfileError("\n".join(errors))
    return kind, name, doc["title"], values


def c_ident(name):
    return name.replace("-", "_")


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit_board(name, title, v):
    def phase(prefix):
        return "{%du, %du}" % (v[prefix + ".current_ua"], v[prefix + ".duration_us"])
    lines = [
        "/* %s */" % title.replace("*/", "* /"),
        "static const fl_board_profile_t fl_profile_board_%s = {" % c_ident(name),
        "    %s," % c_string(name),
        "    %du, /* supply_mv */" % v["supply_mv"],
        "    {%s}, /* sleep_na: cpu, stop, standby */" % ", ".join("%du" % v["sleep.%s.current_ua" % m]
                                                              for m in SLEEP_MODES),
        "    {%s}, /* wake {na, us}: from cpu, stop, standby */" % ", ".join(phase("wake." + m)
                                                                          for m in SLEEP_MODES),
        "    %du, /* radio_wait_na */" % v["radio_wait_ua"],
        "    %s, /* capture {na, us} */" % phase("capture"),
        "    %du, /* detect_na */" % v["detect.current_ua"],
        "    %du, /* haar_us_per_qvga */" % v["detect.haar_us_per_qvga"],
        "    %du, /* cnn_us_per_face */" % v["detect.cnn_us_per_face"],
        "    %du, /* thermal_us_per_frame */" % v["detect.thermal_us_per_frame"],
        "    {%du, %du}, /* camera {warmup_na, warmup_us} */" % (v["sensors.camera.warmup_ua"],
                                                                v["sensors.camera.warmup_us"]),
        "    {%du, %du}, /* thermal {warmup_na, warmup_us} */" % (v["sensors.thermal.warmup_ua"],
                                                                 v["sensors.thermal.warmup_us"]),
        "};",
    ]
    return "\n".join(lines)


def emit_radio(name, title, v):
    lines = [
        "/* %s */" % title.replace("*/", "* /"),
        "static const fl_radio_profile_t fl_profile_radio_%s = {" % c_ident(name),
        "    %s," % c_string(name),
        "    %du, /* sleep_na */" % v["sleep_ua"],
        "    {%du, %du}, /* connect {na, us} */" % (v["connect.current_ua"], v["connect.duration_us"]),
        "    %du, /* tx_na */" % v["tx.current_ua"],
        "    %du, /* tx_fixed_us */" % v["tx.fixed_us"],
        "    %du, /* tx_us_per_byte */" % v["tx.us_per_byte"],
        "    %du, /* rx_na */" % v["rx.current_ua"],
        "    %du, /* rx_per_message_us */" % v["rx.per_message_us"],
        "    %du, /* rx_per_session_us */" % v["rx.per_session_us"],
        "};",
    ]
    return "\n".join(lines)


def generate(paths):
    boards, radios, errors, names = [], [], [], {}
    for path in sorted(paths):
        try:
            kind, name, title, values = load(path)
        except ProfileError as e:
            errors.append(str(e))
            continue
        if (kind, name) in names:
            errors.append("%s: name %r already used by %s" % (path, name, names[(kind, name)]))
            continue
        names[(kind, name)] = path
        (boards if kind == "board" else radios).append((name, title, values))
    if not boards:
        errors.append("no board profile among the inputs")
    if not radios:
        errors.append("no radio profile among the inputs")
    if errors:
        raise ProfileError("\n".join(errors))
    out = [
        "/* Generated by device-firmware/profiles/gen_profiles.py from device-firmware/profiles/<name>.json.",
        " * Do not edit: change the JSON (the single source of truth, docs/power-profiles.md). */",
        "#ifndef FL_PROFILES_GEN_H",
        "#define FL_PROFILES_GEN_H",
        "",
        '#include "fl/fl_loop.h"',
        "",
    ]
    for name, title, v in boards:
        out += [emit_board(name, title, v), ""]
    for name, title, v in radios:
        out += [emit_radio(name, title, v), ""]
    out.append("#define FL_PROFILE_BOARD_COUNT %du" % len(boards))
    out.append("static const fl_board_profile_t *const fl_profile_boards[FL_PROFILE_BOARD_COUNT] = {")
    out += ["    &fl_profile_board_%s," % c_ident(n) for n, _, _ in boards]
    out.append("};")
    out.append("#define FL_PROFILE_RADIO_COUNT %du" % len(radios))
    out.append("static const fl_radio_profile_t *const fl_profile_radios[FL_PROFILE_RADIO_COUNT] = {")
    out += ["    &fl_profile_radio_%s," % c_ident(n) for n, _, _ in radios]
    out.append("};")
    out += ["", "#endif /* FL_PROFILES_GEN_H */", ""]
    return "\n".join(out)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: gen_profiles.py OUTPUT.h PROFILE.json [PROFILE.json ...]\n")
        return 2
    try:
        text = generate(argv[2:])
    except ProfileError as e:
        sys.stderr.write("gen_profiles: bad profile:\n%s\n" % e)
        return 1
    # Write only on change so an unchanged profile set does not rebuild the firmware.
    try:
        with open(argv[1], "r", encoding="utf-8") as f:
            if f.read() == text:
                return 0
    except OSError:
        pass
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
