# SPDX-License-Identifier: MIT
"""Scale-out on Dask distributed (issue 6, item 7).

A LocalCluster of 2 worker processes scrubs the partitions of data/events-sample.jsonl
with bindings/python/examples/privpol_worker.py; the joined result must equal a single
Context.scrub_lines over the whole file byte for byte, in order. The tasks carry the key
file's path only: neither the key's hex, nor its raw bytes, is in the pickled task graph
or in what the scheduler received; each worker process loads the keyring once, however
many partitions it scrubs; a key file that is not 0600 is refused on the worker.

Run by meson (suite python) with PRIVPOL_LIBRARY set to the built library; exits 77
(skipped) when Dask distributed is not importable (Debian: python3-distributed, for
/usr/bin/python3).
"""
import os
import pickle
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BINDINGS = os.path.dirname(HERE)
EXAMPLES = os.path.join(BINDINGS, "examples")
ROOT = os.environ.get("PRIVPOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(BINDINGS))
EVENTS = os.path.join(ROOT, "data", "events-sample.jsonl")

# The workers are spawned processes: they get this sys.path, so they import the same
# privpol package and privpol_worker module by name.
for p in (EXAMPLES, BINDINGS):
    if p not in sys.path:
        sys.path.insert(0, p)

try:
    import cloudpickle
    import dask.bag
    from distributed import Client, LocalCluster
except ImportError as exc:  # pragma: no cover - depends on the machine
    print("skipped: Dask distributed is not importable by %s (%s); Debian: apt-get "
          "install python3-distributed" % (sys.executable, exc))
    sys.exit(77)

import privpol  # noqa: E402
import privpol_worker  # noqa: E402

# contract_period: every record gets a retain_until, computed from its own ts.
# The tenants of data/events-sample.jsonl: a tenant_field may only name these.
TENANTS = ["acme-mobile-fr", "acme-fixe-fr", "acme-pro-fr", "globex-be", "initech-ch",
           "umbrella-ma"]
SCRUB = dict(tenant_field="tenant", tenants=TENANTS, contract_period="P13M")


def key_secrets(path):
    """What must never leave the key file: each key's hex (both cases) and raw bytes."""
    found = []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 4 and fields[0] == "key":
                hexkey = fields[-1]
                found += [hexkey.lower().encode(), hexkey.upper().encode(),
                          bytes.fromhex(hexkey)]
    if not found:
        raise AssertionError("no key line in %s: the key file format changed?" % path)
    return found


def leaks(blob, secrets):
    return [s for s in secrets if s in blob]


def scheduler_run_specs(dask_scheduler):
    """On the scheduler: every task's run_spec as received from the client, pickled."""
    blobs = []
    for ts in dask_scheduler.tasks.values():
        if ts.run_spec is not None:
            blobs.append(cloudpickle.dumps(ts.run_spec))
    return blobs


class DaskScrub(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="privpol-dask-")
        cls.key = os.path.join(cls.tmp, "acme.key")
        with privpol.Keyring.generate() as kr:
            kr.save(cls.key)
        cls.secrets = key_secrets(cls.key)
        with open(EVENTS, "rb") as f:
            cls.data = f.read()
        cls.lines = cls.data.splitlines()
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp)

    def submit_blocks(self, key_path, blocksize):
        """One task per block of the file: (path, start, length, key path, options)."""
        blocks = privpol_worker.file_blocks(EVENTS, blocksize)
        calls = [(EVENTS, start, length, key_path) for start, length in blocks]
        futures = [self.client.submit(privpol_worker.scrub_block, *args, pure=False,
                                      **SCRUB) for args in calls]
        return calls, futures

    def bag_graph(self, key_path, blocksize):
        """The dask.bag way: read_text partitions, scrub_partition on each."""
        bag = dask.bag.read_text(EVENTS, blocksize=blocksize)
        return bag.map_partitions(privpol_worker.scrub_partition, key_path, **SCRUB)

    def expected(self):
        with privpol.Keyring.load(self.key) as kr, privpol.Context(kr) as ctx:
            return ctx.scrub_lines(self.lines, **SCRUB)

    def test_key_file_is_0600(self):
        self.assertEqual(os.stat(self.key).st_mode & 0o777, 0o600)

    def test_blocks_hold_every_line_once(self):
        for size in (1, 100, 4096, len(self.data) // 7 + 1, len(self.data), 10 ** 9):
            blocks = privpol_worker.file_blocks(EVENTS, size)
            got = [line for b in blocks for line in privpol_worker.read_block(EVENTS, *b)]
            self.assertEqual(got, self.lines, size)

    def test_stream_equals_one_call(self):
        # scrub_stream (the PySpark pattern of docs/python.md) in batches of 7 lines.
        got = list(privpol_worker.scrub_stream(iter(self.lines), self.key, batch=7,
                                               **SCRUB))
        self.assertEqual(got, self.expected())

    def test_partitions_equal_single_process(self):
        expected = self.expected()
        self.assertEqual(len(expected), len(self.lines))
        # A scrubbed line is not its input: the pipeline ran (pseudonyms, _privpol).
        self.assertNotIn(expected[0], self.lines)
        self.assertIn(b'"_privpol":', expected[0])
        self.assertNotIn(b'"retain_until":null', expected[0])

        before = self.client.run(privpol_worker.stats)   # {address: counters}
        # Three rounds, so that tasks find their worker's context already loaded: file
        # blocks of two sizes, then dask.bag partitions.
        tasks = 0
        for blocksize in (len(self.data) // 5 + 1, len(self.data) // 7 + 1):
            calls, futures = self.submit_blocks(self.key, blocksize)
            self.assertGreaterEqual(len(futures), 4)
            parts = self.client.gather(futures)
            joined = [line for part in parts for line in part]
            self.assertEqual(joined, expected)
            self.assertEqual(b"\n".join(joined), b"\n".join(expected))
            tasks += len(futures)
        graph = self.bag_graph(self.key, len(self.data) // 6 + 1)
        self.assertGreaterEqual(graph.npartitions, 4)
        parts = self.client.gather(self.client.compute(graph.to_delayed()))
        self.assertEqual([line for part in parts for line in part], expected)
        tasks += graph.npartitions

        stats = self.client.run(privpol_worker.stats)
        self.assertEqual(len(stats), 2)
        self.assertNotIn(os.getpid(), [s["pid"] for s in stats.values()])
        done = {w: s["partitions"] - before[w]["partitions"] for w, s in stats.items()}
        self.assertEqual(sum(done.values()), tasks)
        self.assertEqual(sum(s["lines"] - before[w]["lines"] for w, s in stats.items()),
                         3 * len(self.lines))
        self.assertGreater(max(done.values()), 1)
        for s in stats.values():
            # Once per worker process that scrubbed anything, never once per task.
            self.assertEqual(s["keyring_loads"], 1 if s["partitions"] else 0, s)

    def test_no_key_in_tasks(self):
        key_path = self.key.encode()
        # What the client pickles: the arguments of each task, and the functions (by
        # reference: a module and a name).
        calls, futures = self.submit_blocks(self.key, len(self.data) // 5 + 1)
        self.assertGreaterEqual(len(calls), 4)
        blob = pickle.dumps((calls, SCRUB))
        self.assertIn(key_path, blob)
        self.assertEqual(leaks(blob, self.secrets), [])
        for fn in (privpol_worker.scrub_block, privpol_worker.scrub_partition):
            self.assertEqual(leaks(cloudpickle.dumps(fn), self.secrets), [])
        graph = self.bag_graph(self.key, len(self.data) // 5 + 1)
        blob = cloudpickle.dumps(dict(graph.__dask_graph__()))
        self.assertIn(key_path, blob)
        self.assertEqual(leaks(blob, self.secrets), [])

        # What the scheduler received, while the tasks are held.
        self.client.gather(futures)
        bag_futures = self.client.compute(graph.to_delayed())
        self.client.gather(bag_futures)
        specs = self.client.run_on_scheduler(scheduler_run_specs)
        self.assertGreaterEqual(len(specs), len(futures) + graph.npartitions)
        self.assertGreaterEqual(sum(key_path in s for s in specs),
                                len(futures) + graph.npartitions)
        for s in specs:
            self.assertEqual(leaks(s, self.secrets), [])
        del futures, bag_futures

        # The same checks do see a key shipped in a task (what this design avoids).
        with open(self.key, "rb") as f:
            shipped = f.read()
        self.assertNotEqual(leaks(pickle.dumps(((EVENTS, 0, 1, shipped), SCRUB)),
                                  self.secrets), [])
        futures = [self.client.submit(len, shipped, pure=False)]
        self.client.gather(futures)
        specs = self.client.run_on_scheduler(scheduler_run_specs)
        self.assertTrue(any(leaks(s, self.secrets) for s in specs))
        del futures

    def test_key_file_readable_by_others_is_refused_on_worker(self):
        loose = os.path.join(self.tmp, "loose.key")
        shutil.copyfile(self.key, loose)
        os.chmod(loose, 0o644)
        future = self.client.submit(privpol_worker.scrub_block, EVENTS, 0, 1000, loose,
                                    pure=False, **SCRUB)
        with self.assertRaises(privpol.PermissionDenied):
            future.result()
        with self.assertRaises(PermissionError):   # its built-in base, as the contract says
            future.result()


if __name__ == "__main__":
    unittest.main()
