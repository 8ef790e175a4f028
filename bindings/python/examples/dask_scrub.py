#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Scrub a JSON-lines dataset on a Dask cluster, partition by partition.

usage: dask_scrub.py -k KEYFILE (-t TENANT | --tenant-field NAME) -o OUT
                     [--workers N | --scheduler ADDRESS] [--blocksize BYTES]
                     [--role R] [--purpose P] [--policy FILE] [--supplement FILE]
                     [--contract-period DURATION] [--contract-end TIME] IN

IN is split into blocks of about --blocksize bytes; each worker process reads the lines
of its block (privpol_worker.read_block), scrubs them with privpol.Context.scrub_lines
and sends the scrubbed lines back; the client writes them to OUT in the input's order,
so OUT is what `privpol scrub` or a single Context.scrub_lines over the whole file
writes, byte for byte.

Neither keys nor records travel in a task: the tasks carry the paths of IN and of the
key file and a block's offsets, and each worker process loads the keyring from that
path once, on its first task (privpol_worker.py, next to this script, keeps it in a
per-process cache). The key file must have mode 0600, and both files must be readable
at those paths by the workers: with --scheduler, use a shared file system for IN and
deploy the key file to every worker host out of band, as any secret.

Without --scheduler a distributed.LocalCluster of N worker processes (default: the
number of CPUs), one thread each, runs on this machine. Run it with the Python that has
Debian's python3-distributed (/usr/bin/python3), the privpol package importable (pip
install ./bindings/python, or PYTHONPATH=bindings/python) and libprivpol found (installed,
or PRIVPOL_LIBRARY=build/src/libprivpol.so.0):

    privpol keygen -o acme.key
    PYTHONPATH=bindings/python PRIVPOL_LIBRARY=build/src/libprivpol.so.0 \\
        /usr/bin/python3 bindings/python/examples/dask_scrub.py -k acme.key \\
        --tenant-field tenant --workers 2 -o scrubbed.jsonl data/events-sample.jsonl

Lines that cannot be scrubbed (not JSON, bad UTF-8, ...) are left out of OUT and their
line numbers (never their content) printed on standard error. Exit status: 0 every line
scrubbed; 65 some line rejected; 64 usage; 66 IN cannot be read; 77 key file mode not
0600; 1 another error.
"""

import argparse
import os
import stat
import sys

# privpol_worker must be importable under that name, here and on the workers: the
# workers of a LocalCluster inherit this sys.path, whose first entry is this directory.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import privpol  # noqa: E402
import privpol_worker  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="dask_scrub.py",
        description="Scrub a JSON-lines file on a Dask cluster; the key file is loaded "
                    "once per worker process from its path, never sent in a task.")
    ap.add_argument("input", metavar="IN", help="JSON-lines file (one object per line)")
    ap.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="where to write the scrubbed lines (replaced atomically)")
    ap.add_argument("-k", "--key", required=True, metavar="KEYFILE",
                    help="key file (mode 0600; see privpol keygen), at the same path on "
                         "every worker")
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("-t", "--tenant", help="tenant (customer) the data belongs to")
    who.add_argument("--tenant-field", metavar="NAME",
                     help="top-level field giving each record's tenant")
    ap.add_argument("--role", default="processor", help="processor (default) or controller")
    ap.add_argument("--purpose", help="purpose id of the role (default: the role's own)")
    ap.add_argument("--policy", metavar="FILE", help="policy file (default: embedded)")
    ap.add_argument("--supplement", metavar="FILE", help="tenant supplement")
    ap.add_argument("--contract-period", metavar="DURATION",
                    help="the tenant's contract period (ISO 8601, e.g. P13M)")
    ap.add_argument("--contract-end", metavar="TIME", help="end of the tenant's contract")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=os.cpu_count() or 2, metavar="N",
                       help="worker processes of the local cluster (default: CPUs)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="connect to a running scheduler (tcp://host:8786) instead")
    ap.add_argument("--blocksize", type=int, default=8 << 20, metavar="BYTES",
                    help="bytes of IN per partition (default 8 MiB)")
    return ap.parse_args(argv)


def check_key_file(path):
    """Fail early, on the client, on what every worker would refuse."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise SystemExit(f"dask_scrub.py: {path}: not a regular file")
    if st.st_mode & 0o077:
        print(f"dask_scrub.py: {path}: mode {stat.S_IMODE(st.st_mode):04o}, must be 0600 "
              f"(chmod 600 {path})", file=sys.stderr)
        raise SystemExit(77)


def run(client, args):
    path = os.path.abspath(args.input)
    # One task per block of about --blocksize bytes of IN. A task's arguments are plain
    # strings and numbers: the paths of IN and of the key file, the block's offsets and
    # the options. Each worker reads its own block of IN (so IN must be at that path on
    # every worker: a shared file system, or a local cluster), and the function is
    # pickled by reference (module privpol_worker), so its cache persists in each worker
    # process. pure=False: a rerun scrubs again rather than reusing a cached result.
    options = dict(tenant=args.tenant, tenant_field=args.tenant_field, role=args.role,
                   purpose=args.purpose,
                   policy_path=os.path.abspath(args.policy) if args.policy else None,
                   supplement_path=(os.path.abspath(args.supplement) if args.supplement
                                    else None),
                   contract_period=args.contract_period, contract_end=args.contract_end,
                   errors="none")
    key = os.path.abspath(args.key)
    futures = [client.submit(privpol_worker.scrub_block, path, start, length, key,
                             pure=False, **options)
               for start, length in privpol_worker.file_blocks(path, args.blocksize)]

    tmp = args.output + ".tmp"
    line_no = rejected = written = 0
    with open(tmp, "wb") as out:
        # Partitions are written in order as they arrive; each is released once
        # written, so the cluster's memory holds only what is not written yet.
        for i, fut in enumerate(futures):
            for line in fut.result():
                line_no += 1
                if line is None:
                    rejected += 1
                    print(f"dask_scrub.py: {args.input}:{line_no}: rejected "
                          f"(not a JSON object, bad UTF-8, too deep, ...)", file=sys.stderr)
                else:
                    out.write(line)
                    out.write(b"\n")
                    written += 1
            futures[i] = fut = None
    os.replace(tmp, args.output)
    loads = client.run(privpol_worker.stats)  # {worker address: counters}
    print(f"dask_scrub.py: {line_no} lines, {written} written, {rejected} rejected, "
          f"{len(futures)} blocks, {len(loads)} workers; keyring loads per worker: "
          + ", ".join(str(s["keyring_loads"]) for s in loads.values()), file=sys.stderr)
    return 65 if rejected else 0


def main(argv=None):
    args = parse_args(argv)
    try:
        check_key_file(args.key)
        if not os.access(args.input, os.R_OK):
            print(f"dask_scrub.py: {args.input}: cannot be read", file=sys.stderr)
            return 66
    except FileNotFoundError as exc:
        print(f"dask_scrub.py: {exc.filename}: no such file", file=sys.stderr)
        return 66

    from distributed import Client, LocalCluster

    try:
        if args.scheduler:
            with Client(args.scheduler) as client:
                # Remote workers do not have privpol_worker.py: send its source (it holds
                # no secret). The privpol package and libprivpol must be installed there.
                client.upload_file(os.path.join(HERE, "privpol_worker.py"))
                return run(client, args)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            return run(client, args)
    except privpol.PermissionDenied as exc:   # raised on a worker, re-raised here
        print(f"dask_scrub.py: {exc}", file=sys.stderr)
        return 77
    except privpol.PrivpolError as exc:
        print(f"dask_scrub.py: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
