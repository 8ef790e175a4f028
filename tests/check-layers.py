#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the layering of src/ (docs: src/LAYERS).

src/LAYERS lists the layers of src/, bottom first, one a line ('#' starts a comment): a
layer's name, which is also its folder, optionally followed by the files (globs relative
to src/) of a sub-layer, such as 'policy-model policy/policy-model.h policy/model.c'; a
file matched by no glob belongs to the layer named by its folder. Every
src/**/*.{c,h,re} may depend only on its own layer and the layers listed before it:
  - each quoted #include must name a file of its own or a lower layer (looked up in its
    own folder first, then in every layer folder, as the build's include path does);
  - each call of a privpol_* or privpol__* function must be defined in its own or a lower
    layer (definitions are found by scanning the sources: a name at the start of a line
    followed by its parameter list and a '{'; public functions count where implemented).
Headers directly in src/ (internal.h, for tests and fuzzers) are above every layer;
other files directly in src/ or in a folder not listed are errors. Prints each violation and
exits 1 when there is one.

Usage: check-layers.py [SRC_DIR]   (default: the src/ next to this script's tests/)
       check-layers.py --graph [SRC_DIR]   prints the file-level dependencies instead
"""
import fnmatch
import os
import re
import sys

EXTS = (".c", ".h", ".re")
TOP = "(src/ headers for tests)"


def strip(text):
    """Blank out comments, string and character literals, keeping lines and columns."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            # keep the quotes of #include "x.h" readable by the include scan: it reads
            # the raw text, so literals can go entirely
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + c if j - i >= 2
                       else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
DEF_HEAD = re.compile(r"^(privpol_\w+)\s*\(", re.M)
CALL = re.compile(r"\b(privpol_\w+)\s*\(")


def definitions(code):
    """Names of privpol_* functions defined (with a body) in stripped code."""
    names = []
    for m in DEF_HEAD.finditer(code):
        depth, i = 0, m.end() - 1
        while i < len(code):
            if code[i] == "(":
                depth += 1
            elif code[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        rest = code[i + 1:i + 200].lstrip()
        if rest.startswith("{"):
            names.append((m.group(1), m.start()))
    return names


KEYWORDS = {"return", "else", "do", "case", "sizeof", "goto"}
TOKEN_BEFORE = re.compile(r"(\w+|\S)\s*$")


def is_declaration(code, pos):
    """Whether the name at pos is declared or defined there (after a type) rather than
    called: the token before it is a type name, or a '*' after one."""
    line_start = code.rfind("\n", 0, pos) + 1
    if line_start == pos:
        return True  # a definition's name at the start of its line
    before = code[max(0, pos - 200):pos]
    m = TOKEN_BEFORE.search(before)
    while m and m.group(1) == "*":
        before = before[:m.start()]
        m = TOKEN_BEFORE.search(before)
        if m and m.group(1) not in ("*",) and not re.match(r"\w", m.group(1)):
            return False
    if not m:
        return False
    tok = m.group(1)
    return bool(re.match(r"\w", tok)) and tok not in KEYWORDS


def load(src):
    layers = []
    path = os.path.join(src, "LAYERS")
    with open(path, encoding="utf-8") if os.path.exists(path) else open(os.devnull) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words:
                layers.append((words[0], words[1:]))
    files = {}
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(EXTS):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    files[os.path.relpath(path, src)] = f.read()
    return layers, files


def main(argv):
    graph = "--graph" in argv
    argv = [a for a in argv if a != "--graph"]
    here = os.path.dirname(os.path.abspath(__file__))
    src = argv[0] if argv else os.path.join(here, os.pardir, "src")
    layers, files = load(src)
    rank = {name: i for i, (name, _) in enumerate(layers)}
    rank[TOP] = len(layers)
    errors = []

    def layer_of(rel):
        if os.sep not in rel:
            return TOP if rel.endswith(".h") else None
        for name, globs in layers:
            if any(fnmatch.fnmatchcase(rel, g) for g in globs):
                return name
        top = rel.split(os.sep)[0]
        return top if top in rank and not any(n == top and g for n, g in layers) else None

    for rel in files:
        if layer_of(rel) is None:
            errors.append(f"src/{rel}: in no layer of src/LAYERS")

    by_base = {}
    for rel in files:
        by_base.setdefault(os.path.basename(rel), []).append(rel)
    stripped = {rel: strip(text) for rel, text in files.items()}

    defined = {}
    for rel, code in stripped.items():
        if rel.endswith(".h"):
            # static inline helpers of headers count too
            pass
        for name, _ in definitions(code):
            defined.setdefault(name, []).append(rel)

    edges = {}

    def lineno(text, pos):
        return text.count("\n", 0, pos) + 1

    for rel, text in files.items():
        mine = layer_of(rel)
        if mine is None and not graph:
            continue
        for m in INCLUDE.finditer(text):
            inc = m.group(1)
            local = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
            if local in files:
                targets = [local]
            else:
                targets = by_base.get(os.path.basename(inc), []) if "/" not in inc else []
            if not targets:
                continue  # a generated or system header: not the layers' business
            target = targets[0]
            edges.setdefault(rel, set()).add(target)
            t = layer_of(target)
            if t is not None and mine is not None and rank[t] > rank[mine]:
                errors.append(f"src/{rel}:{lineno(text, m.start())}: #include \"{inc}\" is "
                              f"src/{target}, layer {t} above {mine}")
        code = stripped[rel]
        own = {name for name, _ in definitions(code)}
        for m in CALL.finditer(code):
            name = m.group(1)
            if name in own or name not in defined:
                continue
            where = defined[name]
            if is_declaration(code, m.start()):
                continue
            best = min(where, key=lambda w: rank.get(layer_of(w), len(layers)))
            edges.setdefault(rel, set()).add(best)
            t = layer_of(best)
            if t is not None and mine is not None and rank[t] > rank[mine]:
                errors.append(f"src/{rel}:{lineno(code, m.start())}: calls {name}() of "
                              f"src/{best}, layer {t} above {mine}")

    if graph:
        for rel in sorted(edges):
            deps = sorted(d for d in edges[rel] if d != rel)
            print(f"{rel}: {' '.join(deps)}")
        return 0
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} layering violation(s); the order is in src/LAYERS")
        return 1
    print(f"layers ok: {len(files)} files in {len(layers)} layers ({', '.join(n for n, _ in layers)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
