#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every C snippet of README.md (```c blocks) and of libprivpol(3) (.EX blocks with a
C line) is a piece of an example program of examples/, character for character, so that
what the reader copies compiles (the test 'examples' builds them with -Werror).

Usage: check-snippets.py EXAMPLES_DIR README.md MAN_PAGE..."""
import pathlib
import re
import sys


def readme_snippets(text):
    return re.findall(r"^```c\n(.*?)^```$", text, flags=re.S | re.M)


def man_snippets(text):
    out = []
    for block in re.findall(r"^\.EX\n(.*?)^\.EE$", text, flags=re.S | re.M):
        block = block.replace("\\e", "\\").replace("\\-", "-").replace("\\(aq", "'")
        if "(" in block and ";" in block:     # C, not a shell command line
            out.append(block)
    return out


def main(argv):
    examples = {p.name: p.read_text(encoding="utf-8")
                for p in sorted(pathlib.Path(argv[1]).glob("*.c"))}
    failed = checked = 0
    for doc in argv[2:]:
        text = pathlib.Path(doc).read_text(encoding="utf-8")
        snippets = man_snippets(text) if doc.endswith((".3", ".1")) else readme_snippets(text)
        for snippet in snippets:
            checked += 1
            where = [name for name, src in examples.items() if snippet in src]
            if not where:
                failed += 1
                first = snippet.strip().splitlines()[0] if snippet.strip() else ""
                print(f"FAIL: {doc}: snippet starting {first!r} is in no examples/*.c")
    if checked == 0:
        print("FAIL: no C snippet found")
        return 1
    print(f"{checked - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
