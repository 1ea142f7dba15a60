#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Adds up ctest's JUnit XML, xunit's TRX files and the fuzz runs into one closing line.

A build failure counts as a failed test, so a broken build can never print "0 failed"."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
failed_stages = sys.argv[2:]
rows = []  # (suite, passed, failed, skipped)
reasons = []  # (test, first lines of its error message), printed last: a CI log is often read from its tail


def short_reason(text, lines=3, width=220):
    kept = [line.strip()[:width] for line in (text or "").splitlines() if line.strip()][:lines]
    return " | ".join(kept) if kept else "(no message)"


ctest = os.path.join(out, "ctest.xml")
if os.path.exists(ctest):
    p = f = s = 0
    for case in ET.parse(ctest).getroot().iter("testcase"):
        status = case.get("status", "")
        if case.find("failure") is not None or status == "fail":
            f += 1
            print(f"  FAILED c: {case.get('name')}")
        elif case.find("skipped") is not None or status in ("notrun", "disabled"):
            s += 1
            print(f"  SKIPPED c: {case.get('name')}")
        else:
            p += 1
    rows.append(("c (ctest)", p, f, s))

fuzz = os.path.join(out, "fuzz.tsv")
if os.path.exists(fuzz):
    p = f = 0
    for line in open(fuzz):
        name, result = line.strip().split("\t")
        if result == "passed":
            p += 1
        else:
            f += 1
            print(f"  FAILED fuzz: {name}")
    rows.append(("c (libFuzzer)", p, f, 0))

suites = os.path.join(out, "suites.tsv")
if os.path.exists(suites):
    for line in open(suites):
        name, p, f, s, note = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
        if int(f) or int(s):
            print(f"  {'FAILED' if int(f) else 'SKIPPED'} {name}: {note}")
        rows.append((name, int(p), int(f), int(s)))

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(os.path.join(out, "trx", "*.trx"))):
    root = ET.parse(trx).getroot()
    storage = next((d.get("storage") for d in root.iter(f"{{{ns['t']}}}UnitTest")), trx)
    name = os.path.splitext(os.path.basename(storage or trx))[0]
    p = f = s = 0
    for r in root.iter(f"{{{ns['t']}}}UnitTestResult"):
        outcome = r.get("outcome")
        if outcome == "Passed":
            p += 1
        elif outcome == "NotExecuted":
            s += 1
            msg = r.find(".//t:Output/t:ErrorInfo/t:Message", ns)
            reason = (msg.text or "").strip() if msg is not None else ""
            print(f"  SKIPPED {name}: {r.get('testName')} {reason}")
        else:
            f += 1
            print(f"  FAILED {name}: {r.get('testName')}")
            msg = r.find(".//t:Output/t:ErrorInfo/t:Message", ns)
            text = (msg.text or "") if msg is not None else ""
            reasons.append((r.get("testName"), short_reason(text)))
            # The whole message (a stalled rollout's message carries the gateway's log) next to the TRX files.
            detail = os.path.join(out, "failures")
            os.makedirs(detail, exist_ok=True)
            safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in r.get("testName") or "test")[-150:]
            with open(os.path.join(detail, safe + ".txt"), "w") as fh:
                fh.write(text)
    rows.append((name, p, f, s))

for stage in failed_stages:
    rows.append((f"stage {stage}", 0, 1, 0))
    print(f"  FAILED stage: {stage}")

width = max([len(r[0]) for r in rows] + [10])
for name, p, f, s in rows:
    print(f"  {name:<{width}}  {p:5d} passed  {f:3d} failed  {s:3d} skipped")
if reasons:
    print("why (first lines of each failure; whole messages in test-results/failures/):")
    for test, reason in reasons:
        method, _, args = test.partition("(")
        print(f"  {method.rsplit('.', 1)[-1]}{'(' + args if args else ''}: {reason}")
tp = sum(r[1] for r in rows)
tf = sum(r[2] for r in rows)
ts = sum(r[3] for r in rows)
if tp + tf == 0:
    tf = 1
    print("  no test ran")
print(f"total: {tp} passed, {tf} failed, {ts} skipped")
sys.exit(0 if tf == 0 else 1)
