#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Throughput of the Python bindings (bench/README.md, "bench-python").

  bench-python.py [-n N] [-r R] [--batch B] [--scrub-mb MB] [--events FILE]
                  [--library PATH] [--cpu C] [--boost]

Generates N distinct public-looking IPv4 addresses (default 1000000) from a fixed seed,
makes a keyring in memory, and times, R times each (default 5), interleaved so that a
burst of load hits every path alike:

  per-call        [ctx.pseudonymize(ip, ...) for ip in ips]: one ctypes call per address
  many            ctx.pseudonymize_many(ips, ...): one call for the N addresses (which
                  the binding passes to the library in chunks of thousands)
  many/B          the same in batches of B addresses (default 4096)
  scrub_lines     ctx.scrub_lines(lines, tenant_field="tenant") over the sample events
                  repeated to about MB megabytes (default 20), one call

and prints the median of each path: millions of pseudonyms per second (or MB/s, 10^6
bytes of input per second, for scrub_lines) by the wall clock, the spread (min-max),
the rate by the process's CPU time, and the ratio to the per-call rate. Before timing it checks that pseudonymize_many gives what
pseudonymize gives. The target of issue 6 (>= 2 M IPv4 pseudonyms/s from Python on one
core) is printed with the figure; the program never fails on it: timings on a shared
machine cannot pass or fail. Standard library and the privpol package only.

The privpol package is imported from bindings/python/ when it is not installed, and the
library from --library, else PRIVPOL_LIBRARY, else build/src/libprivpol.so.0 when it
exists, else the installed one.
"""
import argparse
import os
import random
import statistics
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATEGORY = "connection.ip_address"
TENANT = "acme"
AT = 1767225600            # 2026-01-01T00:00:00Z
TARGET_MANY = 2.0          # M pseudonyms/s, one core (issue 6)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000000, help="IPv4 addresses (1000000)")
    ap.add_argument("-r", "--runs", type=int, default=5, help="timed runs per path (5)")
    ap.add_argument("--batch", type=int, default=4096, help="batch size of many/B (4096)")
    ap.add_argument("--scrub-mb", type=float, default=20.0,
                    help="megabytes of JSON lines for scrub_lines (20; 0: skip)")
    ap.add_argument("--events", default=os.path.join(ROOT, "data", "events-sample.jsonl"),
                    help="JSON-lines sample repeated for scrub_lines")
    ap.add_argument("--library", help="libprivpol.so.0 to load (sets PRIVPOL_LIBRARY)")
    ap.add_argument("--cpu", type=int, help="pin the process to this CPU")
    ap.add_argument("--boost", action="store_true",
                    help="run in a session of its own whose scheduling group (Linux "
                         "autogroup) has nice -20 (root; for a shared machine)")
    args = ap.parse_args()
    if args.n < 1000 or args.runs < 1 or args.batch < 1:
        ap.error("need -n >= 1000, -r >= 1, --batch >= 1")
    return args


def import_privpol(library):
    if library:
        os.environ["PRIVPOL_LIBRARY"] = os.path.abspath(library)
    elif "PRIVPOL_LIBRARY" not in os.environ:
        built = os.path.join(ROOT, "build", "src", "libprivpol.so.0")
        if os.path.exists(built):
            os.environ["PRIVPOL_LIBRARY"] = built
    try:
        import privpol
    except ModuleNotFoundError:
        sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
        import privpol
    return privpol


def is_public(a):
    """Not in 0/8, 10/8, 127/8, 100.64/10, 169.254/16, 172.16/12, 192.168/16,
    198.18/15, 224/3 (as bench-pseudonym)."""
    b0, b1 = a >> 24, (a >> 16) & 0xFF
    return not (b0 in (0, 10, 127) or b0 >= 224 or (b0 == 100 and 64 <= b1 < 128)
                or (b0 == 169 and b1 == 254) or (b0 == 172 and 16 <= b1 < 32)
                or (b0 == 192 and b1 == 168) or (b0 == 198 and b1 in (18, 19)))


def make_ips(n):
    rng = random.Random(20260101)
    seen = set()
    out = []
    while len(out) < n:
        a = rng.getrandbits(32)
        if a in seen or not is_public(a):
            continue
        seen.add(a)
        out.append("%d.%d.%d.%d" % (a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF))
    return out


def make_lines(path, megabytes):
    with open(path, "rb") as f:
        sample = [line for line in f.read().split(b"\n") if line]
    size = sum(len(line) + 1 for line in sample)
    copies = max(1, round(megabytes * 1e6 / size))
    return sample * copies, size * copies


def checksum(tokens):
    return zlib.crc32("\n".join(tokens).encode())


def main():
    args = parse_args()
    if args.boost:
        if os.environ.get("BENCH_PYTHON_BOOSTED") != "1":
            env = dict(os.environ, BENCH_PYTHON_BOOSTED="1")
            os.execvpe("setsid", ["setsid", "-w", sys.executable] + sys.argv, env)
        try:
            with open("/proc/self/autogroup", "w") as f:
                f.write("-20")
        except OSError as exc:
            print("bench-python: --boost: %s" % exc, file=sys.stderr)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    privpol = import_privpol(args.library)
    print("privpol %s, libprivpol %s (%s), Python %s" %
          (privpol.__version__, privpol.library_version(),
           os.environ.get("PRIVPOL_LIBRARY", "installed"), sys.version.split()[0]))

    t0 = time.perf_counter()
    ips = make_ips(args.n)
    lines, nbytes = make_lines(args.events, args.scrub_mb) if args.scrub_mb > 0 else ([], 0)
    print("inputs: %d IPv4 addresses, %d JSON lines (%.1f MB) in %.1f s" %
          (len(ips), len(lines), nbytes / 1e6, time.perf_counter() - t0))

    with privpol.Keyring.generate() as kr, privpol.Context(kr) as ctx:
        one = ctx.pseudonymize
        many = ctx.pseudonymize_many
        batch = args.batch

        def per_call():
            return [one(ip, CATEGORY, TENANT, AT) for ip in ips]

        def many_all():
            return many(ips, CATEGORY, TENANT, AT)

        def many_batched():
            out = []
            for i in range(0, len(ips), batch):
                out.extend(many(ips[i:i + batch], CATEGORY, TENANT, AT))
            return out

        def scrub():
            return ctx.scrub_lines(lines, tenant_field="tenant")

        head = ips[:1000]
        if many(head, CATEGORY, TENANT, AT) != [one(ip, CATEGORY, TENANT, AT)
                                                for ip in head]:
            sys.exit("bench-python: pseudonymize_many differs from pseudonymize")
        paths = [("per-call", per_call, len(ips)), ("many", many_all, len(ips)),
                 ("many/%d" % batch, many_batched, len(ips))]
        if lines:
            if len(scrub()) != len(lines):
                sys.exit("bench-python: scrub_lines lost lines")
            paths.append(("scrub_lines", scrub, nbytes))

        times = {name: [] for name, _, _ in paths}   # wall-clock seconds per run
        cpu = {name: [] for name, _, _ in paths}     # CPU seconds of this process
        sums = {}
        for run in range(args.runs):
            for name, fn, _ in paths:
                c, t = time.process_time(), time.perf_counter()
                out = fn()
                times[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)
                if name != "scrub_lines":
                    s = checksum(out)
                    if sums.setdefault("ip", s) != s:
                        sys.exit("bench-python: %s gave other pseudonyms" % name)
                del out

    # Wall-clock rates are what a job sees; CPU-time rates leave out the time the
    # process waited for a core, which a loaded shared machine adds.
    print("median of %d runs, one core (wall clock; min-max; CPU time):" % args.runs)
    base = len(ips) / statistics.median(times["per-call"]) / 1e6
    for name, _, units in paths:
        med = statistics.median(times[name])
        lo, hi = min(times[name]), max(times[name])
        by_cpu = units / statistics.median(cpu[name]) / 1e6
        if name == "scrub_lines":
            print("  %-12s %8.1f MB/s  (%.1f-%.1f; cpu %.1f)  %.0f lines/s" %
                  (name, units / med / 1e6, units / hi / 1e6, units / lo / 1e6, by_cpu,
                   len(lines) / med))
        else:
            rate = units / med / 1e6
            print("  %-12s %8.2f M/s   (%.2f-%.2f; cpu %.2f)  %5.0f ns/pseudonym  "
                  "x%.1f per-call" % (name, rate, units / hi / 1e6, units / lo / 1e6,
                                      by_cpu, med / units * 1e9, rate / base))
    rate = len(ips) / statistics.median(times["many"]) / 1e6
    print("target: pseudonymize_many >= %.1f M IPv4/s on one core: %.2f M/s, %s" %
          (TARGET_MANY, rate, "met" if rate >= TARGET_MANY else "NOT met"))
    print("checksum %08x (changes with the random key)" % sums["ip"])


if __name__ == "__main__":
    main()
