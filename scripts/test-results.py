#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Bookkeeping for scripts/test.sh: one results file for every step, one closing line.

The results file has one tab-separated record a line:
    PASS|FAIL|SKIP  STEP  NAME       one test
    TIME            STEP  SECONDS    how long a step took (with its description)

  test-results.py meson STEP TESTLOG_JSON    records of a `meson test` run (its JSON log;
                                             a missing log is one failure)
  test-results.py elf-tests BUILD_DIR SUITE  names of the tests of SUITE that run an ELF
                                             executable built in BUILD_DIR directly (not
                                             through python3 or a shell script): what
                                             valgrind can wrap
  test-results.py summary RESULTS            per-step counts and times, the failures, then
                                             "N passed, N failed[, N skipped]" as the last
                                             line; exit status 1 if anything failed
"""
import json
import os
import subprocess
import sys


def meson(step, log):
    if not os.path.exists(log):
        print(f"FAIL\t{step}\tmeson test (no log: {os.path.basename(log)})")
        return 0
    with open(log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            res = r.get("result")
            status = ("PASS" if res in ("OK", "EXPECTEDFAIL")
                      else "SKIP" if res == "SKIP" else "FAIL")
            print(f"{status}\t{step}\t{r.get('name')}")
    return 0


def elf_tests(build, suite):
    tests = json.loads(subprocess.run(["meson", "introspect", build, "--tests"], check=True,
                                      stdout=subprocess.PIPE).stdout)
    for t in tests:
        if not any(s == suite or s.endswith(":" + suite) for s in t["suite"]):
            continue
        exe = os.path.realpath(t["cmd"][0])
        if not exe.startswith(os.path.realpath(build) + os.sep):
            continue  # not built here (python3, sh, groff...)
        try:
            with open(exe, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
        except OSError:
            continue
        print(t["name"])
    return 0


def summary(path):
    steps = {}  # step -> [passed, failed, skipped, seconds, description]
    failures = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            kind, step = parts[0], parts[1]
            s = steps.setdefault(step, [0, 0, 0, None, ""])
            if kind == "TIME":
                s[3] = int(parts[2])
                s[4] = parts[3] if len(parts) > 3 else ""
            elif kind == "PASS":
                s[0] += 1
            elif kind == "SKIP":
                s[2] += 1
            else:
                s[1] += 1
                failures.append(f"{step} / {parts[2]}")
    print()
    print("== summary")
    for step, (p, fl, sk, secs, desc) in steps.items():
        t = f"{secs // 60}m{secs % 60:02d}s" if secs is not None else "-"
        print(f"  {step:<9} {t:>7}  {p:>3} ok {fl:>3} failed {sk:>3} skipped  {desc}")
    for name in failures:
        print(f"  FAILED {name}")
    passed = sum(s[0] for s in steps.values())
    failed = sum(s[1] for s in steps.values())
    skipped = sum(s[2] for s in steps.values())
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "meson":
        return meson(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "elf-tests":
        return elf_tests(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "summary":
        return summary(argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
