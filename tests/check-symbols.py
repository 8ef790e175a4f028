#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The shared library exports exactly the functions the version script names, and those
are exactly the PRIVPOL_API declarations of the public headers; all start with privpol_.

Usage: check-symbols.py LIBPRIVPOL_SO LIBPRIVPOL_MAP INCLUDE_DIR
"""
import os
import re
import subprocess
import sys


def main():
    so, mapfile, inc = sys.argv[1:4]
    out = subprocess.run(["nm", "-D", "--defined-only", so], capture_output=True, text=True,
                         check=True).stdout
    exported = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDRBVW" and not parts[2].startswith("PRIVPOL_"):
            exported.add(parts[2].split("@")[0])
    mapped = set(re.findall(r"^\s+(privpol_\w+);", open(mapfile).read(), re.M))
    declared = set()
    headers = [os.path.join(inc, "privpol.h")] + [
        os.path.join(inc, "privpol", h) for h in os.listdir(os.path.join(inc, "privpol"))
        if h.endswith((".h", ".h.in"))]
    for h in headers:
        text = open(h).read()
        for m in re.finditer(r"PRIVPOL_API\b[^;{]*?\b(privpol_\w+)\s*\(", text, re.S):
            declared.add(m.group(1))
    problems = []
    bad_prefix = sorted(s for s in exported if not s.startswith("privpol_"))
    if bad_prefix:
        problems.append(f"exported without the privpol_ prefix: {bad_prefix}")
    if exported != mapped:
        problems.append(f"exported but not in the map: {sorted(exported - mapped)}; "
                        f"in the map but not exported: {sorted(mapped - exported)}")
    if mapped != declared:
        problems.append(f"in the map but not declared PRIVPOL_API: {sorted(mapped - declared)}; "
                        f"declared but not in the map: {sorted(declared - mapped)}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(exported)} exported symbols; {0 if problems else 1} passed, "
          f"{1 if problems else 0} failed")
    return 1 if problems or not exported else 0


if __name__ == "__main__":
    sys.exit(main())
