#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run the CLI tests (tests/test-cli.py) with every run of the privpol binary under
valgrind memcheck; used by scripts/test.sh (full runs).

  cli-valgrind.py PRIVPOL_EXE LOG_DIR [--jobs N] [-k PATTERN]...

The tests are dealt round-robin into N shards (default: the number of CPUs) that run in
parallel, each a test-cli.py process with PRIVPOL_CLI_WRAPPER set to valgrind. Valgrind
writes one log per privpol process into LOG_DIR (so the tool's stderr, which the tests
check, stays its own). Fails if a test fails or if any log reports an error: an invalid
read or write, a use of uninitialised memory, or a definite or indirect leak. -k keeps
only the tests whose id (Class.test_name) contains one of the patterns.
"""
import argparse
import glob
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_CLI = os.path.join(ROOT, "tests", "test-cli.py")
VALGRIND = ["valgrind", "--error-exitcode=1", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--track-origins=no"]


def test_ids():
    spec = importlib.util.spec_from_file_location("test_cli", TEST_CLI)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ids = []

    def walk(suite):
        for t in suite:
            if isinstance(t, unittest.TestSuite):
                walk(t)
            else:
                ids.append(t.id().split(".", 1)[1])  # drop the module name
    walk(unittest.defaultTestLoader.loadTestsFromModule(mod))
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("privpol")
    ap.add_argument("logdir")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("-k", action="append", default=[], dest="patterns")
    args = ap.parse_args()

    ids = test_ids()
    if args.patterns:
        ids = [i for i in ids if any(p in i for p in args.patterns)]
    if not ids:
        print("cli-valgrind: no test selected", file=sys.stderr)
        return 1
    os.makedirs(args.logdir, exist_ok=True)
    for old in glob.glob(os.path.join(args.logdir, "*")):
        os.remove(old)

    env = dict(os.environ)
    env["PRIVPOL_CLI_WRAPPER"] = shlex.join(
        VALGRIND + ["--log-file=" + os.path.join(os.path.abspath(args.logdir), "vg.%p.log")])
    jobs = max(1, min(args.jobs, len(ids)))
    shards = [ids[i::jobs] for i in range(jobs)]
    procs = []
    for n, shard in enumerate(shards):
        out = open(os.path.join(args.logdir, f"shard-{n}.out"), "w+b")
        procs.append((out, subprocess.Popen(
            [sys.executable, TEST_CLI, args.privpol, *shard], env=env, cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)))
    failed = False
    for n, (out, proc) in enumerate(procs):
        rc = proc.wait()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        out.close()
        if rc != 0:
            failed = True
            print(f"--- shard {n}: exit {rc}\n{text}")
        else:
            tail = [ln for ln in text.splitlines() if ln.startswith("Ran ")]
            print(f"shard {n}: {tail[-1] if tail else 'no result line'}: OK")

    logs = sorted(glob.glob(os.path.join(args.logdir, "vg.*.log")))
    bad = []
    for log in logs:
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        m = re.search(r"ERROR SUMMARY: (\d+) errors", text)
        if not m or m.group(1) != "0":
            bad.append((log, text))
    for log, text in bad[:5]:
        print(f"--- {log}\n{text}")
    print(f"cli-valgrind: {len(ids)} tests in {jobs} shards, {len(logs)} privpol runs "
          f"under valgrind, {len(bad)} with errors")
    return 1 if failed or bad or not logs else 0


if __name__ == "__main__":
    sys.exit(main())
