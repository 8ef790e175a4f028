#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each public header compiles alone, as C11 and as C++11, with -Werror -pedantic.

Usage: check-headers.py SRC_INCLUDE BUILD_INCLUDE -- CC... -- CXX...
"""
import os
import subprocess
import sys
import tempfile


def main():
    args = sys.argv[1:]
    src_inc, build_inc = args[0], args[1]
    rest = args[3:]
    sep = rest.index("--")
    cc, cxx = rest[:sep], rest[sep + 1:]
    headers = ["privpol.h"] + sorted(
        "privpol/" + h for h in os.listdir(os.path.join(src_inc, "privpol")) if h.endswith(".h"))
    headers.append("privpol/version.h")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as d:
        for h in headers:
            for lang, comp, ext, std in (("C", cc, "c", "-std=c11"), ("C++", cxx, "cpp", "-std=c++11")):
                if not comp:
                    continue
                src = os.path.join(d, "t." + ext)
                with open(src, "w") as f:
                    f.write(f"#include <{h}>\nint privpol_header_probe(void);\n"
                            "int privpol_header_probe(void) { return 0; }\n")
                cmd = comp + [std, "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", src_inc,
                              "-I", build_inc, "-c", src, "-o", os.path.join(d, "t.o")]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode == 0:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {h} as {lang}:\n{r.stderr}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
