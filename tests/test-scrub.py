#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `privpol scrub` (the record pipeline on JSON lines and access logs).

Usage: test-scrub.py PRIVPOL_EXE [unittest options]

Events come from tools/gen_events.py (deterministic, seed fixed) with their ground-truth
labels, plus geolocation fields and hostile lines this file adds. The checks: no
identifier of the input (IP address, MSISDN, email, phone number) is anywhere in the
output or the rejects; geolocation is dropped; every output line is JSON with its
`_privpol` object; malformed lines are rejected with their line number and a reason,
sealed (the rejects file is 0600 and never holds them in clear; privpol unseal gives the
exact bytes back); input lines = output + rejected; -j 1, 2 and 4 give byte-identical
output; the same input and key give the same output; access-log lines keep everything
but the client address; --stats adds up; contract terms give retain_until.
"""
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import tempfile
import unittest

PRIVPOL = None  # set from argv[1] in main
# The tenants of tools/gen_events.py: --tenant-field may only name these.
TENANTS = "acme-mobile-fr,acme-fixe-fr,acme-pro-fr,globex-be,initech-ch,umbrella-ma,t,t1"
WRAPPER = shlex.split(os.environ.get("PRIVPOL_CLI_WRAPPER", ""))
ROOT = os.environ.get("PRIVPOL_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "tools", "gen_events.py")
ACCESS_SAMPLE = os.path.join(ROOT, "data", "access-sample.log")

EX_OK, EX_USAGE, EX_DATAERR, EX_NOINPUT = 0, 64, 65, 66
EX_CANTCREAT, EX_IOERR = 73, 74
MAX_LINE = 1 << 20
TOKEN = re.compile(r"pd1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}")
SEALED = re.compile(r"^ps1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
REJECT_KEYS = ["line", "part", "final", "reason", "sealed"]
GEO_KEYS = ("lat", "lon", "geo")


def generate(directory, count, seed=7):
    """Events (bytes) and their label lines, from tools/gen_events.py."""
    labels = os.path.join(directory, "labels-%d-%d.jsonl" % (count, seed))
    out = subprocess.run([sys.executable, GEN, "--seed", str(seed), "--count", str(count),
                          "--labels-out", labels], check=True, stdout=subprocess.PIPE,
                         timeout=300).stdout
    with open(labels, encoding="utf-8") as f:
        label_lines = [json.loads(line) for line in f]
    return out, label_lines


def add_geolocation(events):
    """Every 7th event gets lat/lon fields, every 11th a nested geo object (bytes)."""
    lines = []
    for i, raw in enumerate(events.splitlines()):
        ev = json.loads(raw)
        if i % 7 == 0:
            ev["lat"] = 48.8566 + i / 1e5
            ev["lon"] = 2.3522 + i / 1e5
        if i % 11 == 0:
            ev["geo"] = {"lat": 43.2965 + i / 1e5, "lon": 5.3698 + i / 1e5,
                         "city": "Marseille"}
        lines.append(json.dumps(ev, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode("utf-8")


def identifiers(events, label_lines):
    """Every identifier string of the input: the ip and msisdn fields, and the emails,
    phone numbers and IP addresses of the comments (ground truth), with the national
    form of French numbers."""
    found = set()
    for raw in events.splitlines():
        ev = json.loads(raw)
        for key in ("ip", "msisdn"):
            if key in ev:
                found.add(ev[key])
    for lab in label_lines:
        for span in lab["spans"]:
            if span["type"] in ("email", "phone", "ipv4", "ipv6"):
                found.add(span["value"])
    for v in list(found):
        if v.startswith("+33") and len(v) == 12:
            found.add("0" + v[3:])
    return sorted(found)


def keys_anywhere(value):
    """All keys of all objects in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys_anywhere(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys_anywhere(v)


class Run:
    def __init__(self, args, proc):
        self.args = args
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr.decode("utf-8", "replace")

    @property
    def lines(self):
        if self.out == b"":
            return []
        assert self.out.endswith(b"\n"), "output does not end with a line feed"
        return self.out[:-1].split(b"\n")

    def stats(self):
        """The --stats object: the last line of stderr."""
        return json.loads(self.err.rstrip("\n").split("\n")[-1])

    def __repr__(self):
        return "privpol %s\n  exit %d\n  stderr: %s" % (" ".join(self.args), self.rc,
                                                       self.err[-2000:])


class ScrubTest(unittest.TestCase):
    maxDiff = 2000

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="privpol-scrub-")
        cls.dir = cls.tmp.name
        cls.key = os.path.join(cls.dir, "key")
        subprocess.run([PRIVPOL, "keygen", "-o", cls.key], check=True,
                       stderr=subprocess.DEVNULL)
        events, cls.labels = generate(cls.dir, 2000)
        cls.events = add_geolocation(events)
        cls.ids = identifiers(cls.events, cls.labels)
        cls.events_path = cls.write(cls, "events.jsonl", cls.events)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, data):
        p = os.path.join(self.dir, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    @staticmethod
    def read(path):
        with open(path, "rb") as f:
            return f.read()

    def run_tool(self, *args, stdin=b""):
        proc = subprocess.run([*WRAPPER, PRIVPOL, *args], input=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.dir,
                              timeout=600)
        return Run(args, proc)

    def scrub(self, *args, rc=EX_OK, stdin=b"", key=None, tenant=("--tenant-field", "tenant", "--tenants", TENANTS)):
        r = self.run_tool("scrub", "-k", key or self.key, *tenant, *args, stdin=stdin)
        self.assertEqual(r.rc, rc, r)
        return r

    def rejects(self, path):
        """The reject records of a file, each checked for its form."""
        records = []
        with open(path, "rb") as f:
            for raw in f:
                self.assertTrue(raw.endswith(b"\n"))
                rec = json.loads(raw)
                keys = [k for k in rec if k != "column"]
                self.assertEqual(keys, REJECT_KEYS, raw[:200])
                if "column" in rec:
                    order = list(rec)
                    self.assertEqual(order.index("column"), 4, raw[:200])
                    self.assertIsInstance(rec["column"], int)
                self.assertRegex(rec["sealed"], SEALED)
                self.assertTrue(rec["reason"])
                records.append(rec)
        return records

    def assert_no_identifier(self, data, what):
        text = data.decode("utf-8", "replace")
        leaked = [v for v in self.ids if v in text]
        self.assertEqual(leaked, [], "identifiers of the input in clear in the " + what)

    # -- the generated events --------------------------------------------------------

    def test_events(self):
        rej = os.path.join(self.dir, "events.rej")
        r = self.scrub("--contract-period", "P13M", "--rejects", rej, "--stats",
                       self.events_path)
        inputs = self.events.splitlines()
        out = r.lines
        self.assertEqual(len(out), len(inputs))
        self.assertEqual(self.read(rej), b"")
        self.assertGreater(len(self.ids), 4000)
        self.assert_no_identifier(r.out, "output")
        self.assert_no_identifier(r.err.encode(), "messages")
        # the key bytes (hex in the key file) appear in no output, message or statistic
        with open(self.key) as f:
            secrets = re.findall(r"\b[0-9a-f]{64}\b", f.read())
        self.assertTrue(secrets)
        for secret in secrets:
            for half in (secret[:32], secret[32:]):
                self.assertNotIn(half, r.out.decode() + r.err)
        for raw_in, raw_out in zip(inputs, out):
            ev, res = json.loads(raw_in), json.loads(raw_out)
            # the same record, in the same order
            self.assertEqual(res.get("ts"), ev["ts"])
            self.assertEqual(res.get("duration_ms"), ev["duration_ms"])
            self.assertEqual(res.get("tenant"), ev["tenant"])
            self.assertNotEqual(res.get("ip"), ev["ip"])
            self.assertFalse(set(GEO_KEYS) & set(keys_anywhere(res)), raw_out[:300])
            meta = res["_privpol"]
            self.assertEqual(list(meta), ["identifiability", "retain_until", "categories",
                                          "policy"])
            self.assertIn(meta["identifiability"],
                          ("non_identifiable", "pseudonymous", "personal"))
            self.assertRegex(meta["retain_until"], ISO)
            self.assertGreater(meta["retain_until"], ev["ts"][:19])
            self.assertIsInstance(meta["categories"], list)
            self.assertIn("connection.ip_address", meta["categories"])
            self.assertEqual(sorted(meta["policy"]), ["id", "version"])
            self.assertTrue(meta["policy"]["id"] and meta["policy"]["version"])
        self.assertNotIn(b"Marseille", r.out)
        st = r.stats()
        self.assertEqual(st["records"], len(inputs))
        self.assertEqual(st["output"], len(inputs))
        self.assertEqual(st["rejected"], 0)
        self.assertEqual(st["no_terms"], 0)
        self.assertEqual(st["bytes_in"], len(self.events))
        self.assertEqual(st["fields"]["connection.ip_address"], len(inputs))
        self.assertEqual(st["fields"]["terminal.msisdn"], len(inputs))
        self.assertEqual(sum(st["identifiability"].values()), len(inputs))
        self.assertEqual(sorted(st["actions"]),
                         ["drop", "generalize", "keep", "pseudonymize", "redact"])
        # every lat, lon and geo.* leaf was dropped
        geo_fields = sum(2 for i in range(len(inputs)) if i % 7 == 0) + \
            sum(3 for i in range(len(inputs)) if i % 11 == 0)
        self.assertGreaterEqual(st["actions"]["drop"], geo_fields)
        self.assertEqual(sum(st["actions"].values()), sum(st["fields"].values()))
        self.assertGreaterEqual(st["actions"]["pseudonymize"], 2 * len(inputs))
        self.assertGreater(st["elapsed_s"], 0)
        self.assertIn("mb_per_s", st)
        for value in self.ids[:50]:
            self.assertNotIn(value, r.err)

    def test_deterministic(self):
        a = self.scrub("--contract-period", "P13M", self.events_path)
        b = self.scrub("--contract-period", "P13M", self.events_path)
        self.assertEqual(a.out, b.out)
        other = os.path.join(self.dir, "other-key")
        if not os.path.exists(other):
            subprocess.run([PRIVPOL, "keygen", "-o", other], check=True,
                           stderr=subprocess.DEVNULL)
        c = self.scrub("--contract-period", "P13M", self.events_path, key=other)
        self.assertNotEqual(a.out, c.out)
        self.assertEqual(len(a.lines), len(c.lines))

    # -- hostile input ---------------------------------------------------------------

    def hostile(self):
        """(input bytes, {line number: bad line bytes}, number of good lines). The bad
        lines carry identifiers and a marker that must never be in clear."""
        good = self.events.splitlines()[:300]
        secret = b"MARKER-7f3a9c alice.martin@example.fr 203.0.113.77"
        bad = [
            b'{"ip":"203.0.113.77","note":"' + secret + b'"',          # truncated
            b'{"note":"' + secret + b' \xff\xfe"}',                    # invalid UTF-8
            b'{"note":"' + secret + b'","x":"' + b"A" * (10 * 1024 * 1024) + b'"}',
            b'{"note":"' + secret + b'\x00\x00"}',                     # NUL bytes
            b'{"a":' * 100 + b'"' + secret + b'"' + b"}" * 100,         # 100 deep
            b'["' + secret + b'"]',                                    # not an object
            b'"' + secret + b'"',
            b"",                                                       # empty
            b"   \t ",                                                 # blank
            b'{"ip":"203.0.113.77"} trailing ' + secret,
        ]
        lines, bad_at = [], {}
        step = len(good) // len(bad)
        for i, g in enumerate(good):
            lines.append(g)
            if i % step == step - 1 and len(bad_at) < len(bad):
                lines.append(bad[len(bad_at)])
                bad_at[len(lines)] = bad[len(bad_at)]
        lines.append(good[0])                     # a final line without a line feed
        return b"\n".join(lines), bad_at, len(good) + 1

    def test_hostile_lines(self):
        data, bad_at, good = self.hostile()
        inp = self.write("hostile.jsonl", data)
        rej = os.path.join(self.dir, "hostile.rej")
        r = self.scrub("--contract-period", "P13M", "--rejects", rej, "--stats", inp,
                       rc=EX_DATAERR)
        self.assertEqual(len(r.lines), good)
        for raw in r.lines:
            json.loads(raw)
        self.assertEqual(stat.S_IMODE(os.stat(rej).st_mode), 0o600)
        records = self.rejects(rej)
        by_line = {}
        for rec in records:
            by_line.setdefault(rec["line"], []).append(rec)
        self.assertEqual(sorted(by_line), sorted(bad_at))
        for number, recs in by_line.items():
            line = bad_at[number]
            parts = max(1, -(-len(line) // MAX_LINE))
            self.assertEqual([x["part"] for x in recs], list(range(1, parts + 1)), number)
            self.assertEqual([x["final"] for x in recs], [False] * (parts - 1) + [True])
            reasons = {x["reason"] for x in recs}
            self.assertEqual(len(reasons), 1)
            reason = reasons.pop()
            if len(line) > MAX_LINE:
                self.assertEqual(reason, "line longer than %d bytes" % MAX_LINE)
                self.assertEqual(parts, 11)
            elif line.strip() == b"":
                self.assertEqual(reason, "empty line")
            self.assertNotIn("MARKER", reason)
        # no plaintext anywhere
        rej_bytes = self.read(rej)
        for blob, what in ((rej_bytes, "rejects"), (r.out, "output"),
                           (r.err.encode(), "messages")):
            self.assertNotIn(b"MARKER-7f3a9c", blob, what)
            self.assertNotIn(b"alice.martin@example.fr", blob, what)
            self.assertNotIn(b"203.0.113.77", blob, what)
            self.assertNotIn(b"AAAAAAAAAAAAAAAA", blob, what)
            self.assert_no_identifier(blob, what)
        st = r.stats()
        self.assertEqual(st["records"], good + len(bad_at))
        self.assertEqual(st["output"], good)
        self.assertEqual(st["rejected"], len(bad_at))
        self.assertEqual(st["records"], st["output"] + st["rejected"])
        self.assertEqual(st["bytes_in"], len(data))
        # the key holder gets the exact lines back, in order
        u = self.run_tool("unseal", "-k", self.key, rej)
        self.assertEqual(u.rc, EX_OK, u)
        self.assertEqual(u.out, b"".join(bad_at[n] + b"\n" for n in sorted(bad_at)))

    def test_rejects_to_stderr(self):
        data, bad_at, good = self.hostile()
        small = {n: b for n, b in bad_at.items() if len(b) < 100000}
        lines = data.split(b"\n")
        keep = [l for i, l in enumerate(lines, 1) if i not in bad_at or i in small]
        r = self.scrub("--contract-period", "P13M", stdin=b"\n".join(keep), rc=EX_DATAERR)
        recs = [json.loads(l) for l in r.err.splitlines() if l.startswith('{"line":')]
        self.assertEqual(len(recs), len(small))
        self.assertNotIn("MARKER", r.err)
        self.assertEqual(len(r.lines), good)

    def test_max_line_option(self):
        line = b'{"ip":"198.51.100.9","pad":"' + b"x" * 250 + b'"}'
        rej = os.path.join(self.dir, "maxline.rej")
        r = self.scrub("-t", "acme", "--max-line", "100", "--rejects", rej,
                       stdin=b'{"a":"b"}\n' + line + b"\n" + line, rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1)
        recs = self.rejects(rej)
        self.assertEqual([(x["line"], x["part"], x["final"]) for x in recs],
                         [(2, 1, False), (2, 2, False), (2, 3, True),
                          (3, 1, False), (3, 2, False), (3, 3, True)])
        self.assertEqual(recs[0]["reason"], "line longer than 100 bytes")
        u = self.run_tool("unseal", "-k", self.key, rej)
        self.assertEqual(u.rc, EX_OK, u)
        self.assertEqual(u.out, line + b"\n" + line + b"\n")

    def test_rejects_file_mode_and_identity(self):
        rej = self.write("old.rej", b"old content\n")
        os.chmod(rej, 0o644)
        r = self.scrub("-o", os.path.join(self.dir, "o.jsonl"), "--rejects", rej,
                       stdin=b"not json\n", rc=EX_DATAERR)
        self.assertEqual(stat.S_IMODE(os.stat(rej).st_mode), 0o600)
        self.assertEqual(len(self.rejects(rej)), 1)
        self.assertEqual(r.out, b"")
        inp = self.write("same.jsonl", self.events[:2000])
        for args in (("--rejects", inp, inp), ("-o", inp, inp),
                     ("--rejects", "x.rej", "-o", "x.rej", inp)):
            r = self.scrub(*args, rc=EX_USAGE)
            self.assertEqual(self.read(inp), self.events[:2000], args)

    # -- threads and order -----------------------------------------------------------

    def test_jobs_same_output(self):
        events, _ = generate(self.dir, 12000, seed=3)
        lines = events.splitlines()
        # bad lines here and there, one too long to hold between them
        lines.insert(100, b"{broken")
        lines.insert(5000, b'{"x":"' + b"y" * (3 * MAX_LINE) + b'"}')
        lines.insert(9000, b"")
        data = b"\n".join(lines) + b"\n"
        inp = self.write("many.jsonl", data)
        outs, rejs = [], []
        for j in ("1", "2", "4"):
            rej = os.path.join(self.dir, "many-%s.rej" % j)
            r = self.scrub("-j", j, "--rejects", rej, "--contract-period", "P1Y", "--stats",
                           inp, rc=EX_DATAERR)
            self.assertEqual(len(r.lines), len(lines) - 3)
            st = r.stats()
            self.assertEqual((st["records"], st["rejected"]), (len(lines), 3))
            outs.append(r.out)
            rejs.append([(x["line"], x["part"], x["final"], x["reason"])
                         for x in self.rejects(rej)])
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])
        self.assertEqual(rejs[0], rejs[1])
        self.assertEqual(rejs[0], rejs[2])
        self.assertEqual([x[0] for x in rejs[0]], [101] + [5001] * 4 + [9001])
        ts_out = [json.loads(l)["ts"] for l in outs[2].splitlines()]
        ts_in = [json.loads(l)["ts"] for l in lines if l.startswith(b'{"ts"')]
        self.assertEqual(ts_out, ts_in)

    # -- access logs -----------------------------------------------------------------

    def test_accesslog(self):
        with open(ACCESS_SAMPLE, "rb") as f:
            data = f.read()
        r = self.scrub("--format", "accesslog", "--stats", ACCESS_SAMPLE,
                       tenant=("-t", "acme-fixe-fr"))
        inputs = data.splitlines()
        self.assertEqual(len(r.lines), len(inputs))
        ips = set()
        for raw_in, raw_out in zip(inputs, r.lines):
            ip, rest = raw_in.split(b" ", 1)
            ips.add(ip.decode())
            m = re.match(rb"^(\S+) (.*)$", raw_out)
            self.assertIsNotNone(m, raw_out)
            # every field goes through the pipeline: the request and the status stay (the
            # sample's paths hold no identifier), the user agent is generalized
            self.assertEqual(m.group(2).split(b'" ', 1)[0], rest.split(b'" ', 1)[0])
            ua = re.search(rb'"([^"]*)"$', raw_out)
            if ua is not None and ua.group(1) != b"-":
                self.assertRegex(ua.group(1).decode(), r"^[A-Za-z ]+ on [A-Za-z ]+$")
            self.assertNotEqual(m.group(1), ip)
            self.assertRegex(m.group(1).decode(),
                             r"^(pd1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}|[0-9a-fA-F.:]+/\d+)$")
        text = r.out.decode()
        self.assertEqual([ip for ip in ips if re.search(r"(^|[^0-9a-f.:])" + re.escape(ip) +
                                                          r"($|[^0-9a-f.:/])", text)], [])
        st = r.stats()
        self.assertEqual((st["records"], st["output"], st["rejected"]),
                         (len(inputs), len(inputs), 0))
        bad = self.scrub("--format", "accesslog", stdin=inputs[0] + b"\nnot a log line\n",
                         tenant=("-t", "acme"), rc=EX_DATAERR)
        self.assertEqual(len(bad.lines), 1)
        self.assertIn('"line":2', bad.err)

    # -- terms -----------------------------------------------------------------------

    def test_contract_terms(self):
        line = b'{"ts":"2025-01-06T08:00:00Z","tenant":"t","ip":"192.0.2.10"}\n'
        r = self.scrub("--contract-period", "P13M", stdin=line)
        self.assertEqual(json.loads(r.lines[0])["_privpol"]["retain_until"],
                         "2026-02-06T08:00:00Z")
        self.assertNotIn("warning", r.err)
        r = self.scrub("--contract-period", "P13M", "--contract-end", "2025-06-30",
                       stdin=line)
        self.assertEqual(json.loads(r.lines[0])["_privpol"]["retain_until"],
                         "2025-06-30T00:00:00Z")
        r = self.scrub("--time-field", "when", "--contract-period", "P1M",
                       stdin=b'{"when":"2025-03-01T10:00:00Z","tenant":"t","ip":"192.0.2.1"}')
        self.assertEqual(json.loads(r.lines[0])["_privpol"]["retain_until"],
                         "2025-04-01T10:00:00Z")

    def test_missing_terms_warn_once(self):
        r = self.scrub("--stats", self.events_path)
        self.assertEqual(r.err.count("warning"), 1, r)
        self.assertIn("contract", r.err)
        n = len(self.events.splitlines())
        for raw in r.lines:
            self.assertIsNone(json.loads(raw)["_privpol"]["retain_until"])
        st = r.stats()
        self.assertEqual(st["no_terms"], n)
        self.assertEqual(st["output"], n)

    # -- the command line ------------------------------------------------------------

    def test_usage(self):
        r = self.run_tool("scrub", "--help")
        self.assertEqual(r.rc, EX_OK)
        self.assertIn(b"usage: privpol scrub", r.out)
        self.assertIn("scrub", self.run_tool("--help").out.decode())
        r = self.run_tool("scrub", "--bogus")
        self.assertEqual(r.rc, EX_USAGE, r)
        self.assertEqual(r.out, b"")
        self.assertEqual(r.err, "privpol scrub: unknown option '--bogus' "
                                "(see 'privpol scrub --help')\n")
        for args in ((), ("-k", self.key), ("-t", "a"),
                     ("-k", self.key, "-t", "a", "-j", "0"),
                     ("-k", self.key, "-t", "a", "-j", "x"),
                     ("-k", self.key, "-t", "a", "--format", "xml"),
                     ("-k", self.key, "-t", "a", "--role", "boss"),
                     ("-k", self.key, "-t", "a", "--purpose", "nope"),
                     ("-k", self.key, "-t", "a", "--max-line", "0"),
                     ("-k", self.key, "-t", "a", "--contract-period", "13 months"),
                     ("-k", self.key, "-t", "a", "--contract-end", "soon")):
            r = self.run_tool("scrub", *args)
            self.assertEqual(r.rc, EX_USAGE, r)
        r = self.run_tool("scrub", "-k", self.key, "-t", "a", "no-such-file")
        self.assertEqual(r.rc, EX_NOINPUT, r)
        r = self.run_tool("scrub", "-k", "no-such-key", "-t", "a", stdin=b"{}\n")
        self.assertEqual(r.rc, EX_NOINPUT, r)
        r = self.run_tool("scrub", "-k", self.key, "-t", "a", "-o",
                          os.path.join(self.dir, "no", "dir", "out"), stdin=b"{}\n")
        self.assertEqual(r.rc, EX_CANTCREAT, r)
        if os.path.exists("/dev/full"):
            r = self.run_tool("scrub", "-k", self.key, "-t", "a", "-o", "/dev/full",
                              self.events_path)
            self.assertEqual(r.rc, EX_IOERR, r)

    def test_empty_input_and_line_ends(self):
        r = self.scrub(stdin=b"")
        self.assertEqual(r.out, b"")
        self.assertEqual(r.err, "")
        one = b'{"ts":"2025-01-06T08:00:00Z","tenant":"t","ip":"192.0.2.10"}'
        a = self.scrub("--contract-period", "P1Y", stdin=one)
        b = self.scrub("--contract-period", "P1Y", stdin=one + b"\r\n" + one + b"\n")
        self.assertEqual(len(a.lines), 1)
        self.assertEqual(b.lines, a.lines * 2)
        # two inputs: the first one's last line has no line feed, it is still a line
        p1, p2 = self.write("a.jsonl", one), self.write("b.jsonl", one + b"\n")
        c = self.scrub("--contract-period", "P1Y", p1, "-", p2, stdin=one + b"\n")
        self.assertEqual(c.lines, a.lines * 3)

    def test_tenant_field_fallback(self):
        lines = b'{"ip":"192.0.2.1"}\n{"tenant":"t1","ip":"192.0.2.1"}\n'
        r = self.scrub(stdin=lines, rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1)
        self.assertIn('"line":1', r.err)
        r = self.scrub("-t", "fallback", stdin=lines)
        self.assertEqual(len(r.lines), 2)
        # the tenant keys the pseudonyms: one IP, two tenants, two pseudonyms
        ips = [json.loads(l)["ip"] for l in r.lines]
        self.assertRegex(ips[0], TOKEN)
        self.assertNotEqual(ips[0], ips[1])

    def test_tenant_field_known_only(self):
        # The sender cannot choose a pseudonym space, nor put data in the tenant field:
        # a tenant the configuration does not know rejects the line (sealed, never in
        # clear), and so does a tenant field that is not a string.
        lines = (b'{"tenant":"t1","ip":"192.0.2.1"}\n'
                 b'{"tenant":"jean.dupont@example.fr","ip":"192.0.2.1"}\n'
                 b'{"tenant":"other-customer","ip":"192.0.2.1"}\n'
                 b'{"tenant":33612345678,"ip":"192.0.2.1"}\n')
        rej = os.path.join(self.dir, "tenants.rejects")
        r = self.scrub("--rejects", rej, stdin=lines, rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1)
        self.assertEqual(json.loads(r.lines[0])["tenant"], "t1")
        recs = self.rejects(rej)
        self.assertEqual([x["line"] for x in recs], [2, 3, 4])
        with open(rej, "rb") as f:
            data = f.read()
        for planted in (b"jean.dupont", b"other-customer", b"33612345678"):
            self.assertNotIn(planted, data + r.out + r.err.encode())
        # --tenant-field without a list of tenants is a usage error
        self.scrub(stdin=lines, rc=EX_USAGE, tenant=("--tenant-field", "tenant"))


def main():
    global PRIVPOL
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.stderr.write("usage: test-scrub.py PRIVPOL_EXE [unittest options]\n")
        return 2
    PRIVPOL = os.path.abspath(sys.argv[1])
    if not os.access(PRIVPOL, os.X_OK):
        sys.stderr.write("test-scrub.py: %s is not an executable\n" % PRIVPOL)
        return 2
    del sys.argv[1]
    prog = unittest.main(exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
