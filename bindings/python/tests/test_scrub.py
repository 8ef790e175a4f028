# SPDX-License-Identifier: MIT
"""Scrubbing from Python equals `privpol scrub`: scrub_lines byte for byte, scrub_many and
scrub as parsed JSON, for data/events-sample.jsonl with the same key file, tenant field
and contract terms, for the processor and the controller; bad lines raise with their
line number or become None, in step with the CLI's rejects; batches equal single calls
across chunks and through a small output buffer."""

import json
import os
import unittest

import privpol.context as pcontext
from support import EVENTS, TENANTS, TempDirCase, have_cli, privpol, run_cli

DEEP = '{"a":' * 80 + "1" + "}" * 80
BAD = {3: '{"ip": "192.0.2.1",', 7: DEEP, 11: "", 12: '{"x": "\xff"}'.encode("latin-1"),
       13: "[1, 2]"}


def sample(n=None):
    with open(EVENTS, "rb") as f:
        lines = f.read().split(b"\n")
    lines = [x for x in lines if x]
    return lines[:n] if n else lines


@unittest.skipUnless(have_cli(), "privpol command not built")
class ScrubLikeCli(TempDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ctx = privpol.Context(cls.key)
        cls.lines = sample()

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        super().tearDownClass()

    def cli(self, lines, *args):
        path = self.path("in.jsonl")
        with open(path, "wb") as f:
            f.write(b"".join(x + b"\n" for x in lines))
        return run_cli("scrub", "-k", self.key, *args, path, check=False).split(b"\n")[:-1]

    def test_scrub_lines_byte_for_byte(self):
        for args, kw in (
                (["-t", "fallback", "--tenant-field", "tenant", "--tenants", ",".join(TENANTS), "--contract-period", "P13M"],
                 dict(tenant="fallback", tenant_field="tenant", tenants=TENANTS, contract_period="P13M")),
                (["--tenant-field", "tenant", "--tenants", ",".join(TENANTS)], dict(tenant_field="tenant", tenants=TENANTS)),
                (["-t", "acme", "--contract-period", "P6M", "--contract-end", "2025-03-01"],
                 dict(tenant="acme", contract_period="P6M", contract_end="2025-03-01")),
                (["-t", "acme", "-r", "controller", "-p", "service_provision"],
                 dict(tenant="acme", role="controller", purpose="service_provision"))):
            want = self.cli(self.lines, *args)
            self.assertEqual(len(want), len(self.lines))
            got = self.ctx.scrub_lines(self.lines, **kw)
            self.assertEqual(got, want, args)
            # str lines with their line feeds, as read from a text file
            text = [x.decode() + "\n" for x in self.lines[:50]]
            self.assertEqual(self.ctx.scrub_lines(text, **kw), want[:50])

    def test_scrub_many_and_scrub(self):
        want = [json.loads(x) for x in self.cli(self.lines, "--tenant-field", "tenant", "--tenants", ",".join(TENANTS),
                                                "--contract-period", "P13M")]
        records = [json.loads(x) for x in self.lines]
        got = self.ctx.scrub_many(records, tenant_field="tenant", tenants=TENANTS, contract_period="P13M")
        self.assertEqual(got, want)
        for i in (0, 1, 500, 999):
            self.assertEqual(self.ctx.scrub(records[i], tenant_field="tenant", tenants=TENANTS,
                                            contract_period="P13M"), want[i])
        r = got[1]["_privpol"]
        self.assertEqual(r["policy"]["id"], "dialonce-privacy-policy")
        self.assertTrue(r["retain_until"])
        self.assertTrue(got[0]["ip"].startswith("pd1."))

    def test_bad_lines_like_cli_rejects(self):
        lines = list(self.lines[:20])
        for i, bad in BAD.items():
            lines[i] = bad if isinstance(bad, bytes) else bad.encode()
        want = self.cli(lines, "-t", "acme")  # rejected lines are not in the output
        got = self.ctx.scrub_lines(lines, tenant="acme", errors="none")
        self.assertEqual([i for i, g in enumerate(got) if g is None], sorted(BAD))
        self.assertEqual([g for g in got if g is not None], want)
        with self.assertRaises(privpol.ParseError) as cm:
            self.ctx.scrub_lines(lines, tenant="acme")
        self.assertEqual((cm.exception.line, cm.exception.index), (4, 3))
        records = [json.loads(x) for x in self.lines[:5]]
        records[2] = {"deep": json.loads(DEEP)}
        with self.assertRaises(privpol.LimitExceeded) as cm:
            self.ctx.scrub_many(records, tenant="acme")
        self.assertEqual(cm.exception.line, 3)
        some = self.ctx.scrub_many(records, tenant="acme", errors="none")
        self.assertIsNone(some[2])
        self.assertEqual(some[0], self.ctx.scrub(records[0], tenant="acme"))


class ScrubBatches(TempDirCase):
    def test_chunks_and_small_buffers(self):
        lines = sample(300)
        with privpol.Context(self.key) as ctx:
            want = [ctx.scrub_lines([x], tenant_field="tenant", tenants=TENANTS)[0] for x in lines]
            saved = pcontext.SCRUB_CHUNK, pcontext.BATCH_BUFFER, list(pcontext._pool)
            try:
                for chunk, buf in ((64, 4 << 20), (300, 5000), (3, 100)):
                    pcontext.SCRUB_CHUNK, pcontext.BATCH_BUFFER = chunk, buf
                    pcontext._pool[:] = []
                    self.assertEqual(ctx.scrub_lines(iter(lines), tenant_field="tenant", tenants=TENANTS),
                                     want, (chunk, buf))
                    self.assertEqual(
                        ctx.scrub_many([json.loads(x) for x in lines], tenant_field="tenant", tenants=TENANTS),
                        [json.loads(x) for x in want])
            finally:
                pcontext.SCRUB_CHUNK, pcontext.BATCH_BUFFER = saved[0], saved[1]
                pcontext._pool[:] = saved[2]

    def test_arguments(self):
        with privpol.Context(self.key) as ctx:
            self.assertEqual(ctx.scrub_lines([], tenant="acme"), [])
            self.assertEqual(ctx.scrub_many([], tenant="acme"), [])
            with self.assertRaises(privpol.InvalidArgument):  # no tenant at all
                ctx.scrub({"ip": "192.0.2.1"})
            with self.assertRaises(privpol.NotFound):
                ctx.scrub({"ip": "192.0.2.1"}, tenant="acme", purpose="no_such_purpose")
            with self.assertRaises(privpol.NotFound):
                ctx.scrub({"ip": "192.0.2.1"}, tenant="acme", role="janitor")
            with self.assertRaises(privpol.ParseError):
                ctx.scrub({"ip": "192.0.2.1"}, tenant="acme", contract_period="13 months")
            with self.assertRaises(ValueError):  # NaN is not JSON
                ctx.scrub({"x": float("nan")}, tenant="acme")
            out = ctx.scrub({"ip": "192.0.2.1", "name": "Zoë"}, tenant="acme",
                            event_time="2025-01-06T08:00:00Z", contract_period="P1M")
            self.assertEqual(out["_privpol"]["retain_until"], "2025-02-06T08:00:00Z")
            self.assertTrue(out["ip"].startswith("pd1."))
        self.assertTrue(os.path.exists(EVENTS))

    def test_tenants_known_only(self):
        # a tenant field may only name a tenant of the list: no sender picks a pseudonym
        # space, and the field is never copied in clear when it is not one
        rec = {"tenant": "globex", "ip": "192.0.2.1"}
        with privpol.Context(self.key) as ctx:
            out = ctx.scrub(rec, tenant_field="tenant", tenants=["acme", "globex"])
            self.assertEqual(out["tenant"], "globex")
            for tenants in (None, [], ["acme"]):
                with self.assertRaises(privpol.NotFound):
                    ctx.scrub(rec, tenant_field="tenant", tenants=tenants)
            with self.assertRaises(privpol.NotFound):
                ctx.scrub({"tenant": "jean@example.fr"}, tenant_field="tenant",
                          tenants=["acme"])
            with self.assertRaises(TypeError):
                ctx.scrub(rec, tenant_field="tenant", tenants="acme")  # not a list
            got = ctx.scrub_lines([b'{"tenant":"acme"}', b'{"tenant":"evil"}'],
                                  tenant_field="tenant", tenants=["acme"], errors="none")
            self.assertIsNotNone(got[0])
            self.assertIsNone(got[1])


if __name__ == "__main__":
    unittest.main()
