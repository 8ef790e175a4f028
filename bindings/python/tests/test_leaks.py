# SPDX-License-Identifier: MIT
"""No leak over 100k calls: after a warm-up, the resident set size (/proc/self/statm)
stays within a small margin while each kind of call runs 100000 times (or over 100000
items, for batches and object lifetimes)."""

import gc
import os
import unittest

from support import EVENTS, IP, T0, TENANTS, TempDirCase, privpol

CALLS = 100000
MARGIN = 3 << 20  # bytes: a leak of 32 bytes per call would show
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


@unittest.skipUnless(os.path.exists("/proc/self/statm"), "needs /proc/self/statm")
class NoLeaks(TempDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ctx = privpol.Context(cls.key)
        cls.ctrl = privpol.Context(cls.key, role="controller", allow_reveal=True)
        with open(EVENTS, "rb") as f:
            cls.lines = [x for x in f.read().split(b"\n") if x][:100]

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        cls.ctrl.close()
        super().tearDownClass()

    def steady(self, fn, calls):
        """Run fn(i) for a warm-up, then `calls` times; RSS must not grow past MARGIN."""
        for i in range(max(2000, calls // 20)):
            fn(i)
        gc.collect()
        before = rss()
        for i in range(calls):
            fn(i)
        gc.collect()
        grown = rss() - before
        self.assertLess(grown, MARGIN, "RSS grew by %d bytes over %d calls" % (grown, calls))

    def test_pseudonymize(self):
        ctx = self.ctx
        self.steady(lambda i: ctx.pseudonymize("10.0.%d.%d" % (i >> 8 & 255, i & 255), IP,
                                               "acme", T0), CALLS)

    def test_pseudonymize_reveal(self):
        ctrl = self.ctrl
        self.steady(lambda i: ctrl.reveal(ctrl.pseudonymize("10.1.0.%d" % (i & 255), IP,
                                                            "acme", T0, reversible=True),
                                          "acme"), CALLS // 2)

    def test_pseudonymize_many(self):
        ctx = self.ctx
        batch = ["10.2.%d.%d" % (i >> 8, i & 255) for i in range(100)]
        self.steady(lambda i: ctx.pseudonymize_many(batch, IP, "acme", T0), CALLS // 100)
        bad = batch[:50] + ["nope"] + batch[50:]
        self.steady(lambda i: ctx.pseudonymize_many(bad, IP, "acme", T0, errors="none"),
                    CALLS // 100)

        def raising(i):
            with self.assertRaises(privpol.ValueRejected):
                ctx.pseudonymize_many(bad, IP, "acme", T0)
        self.steady(raising, CALLS // 10)

    def test_classify_scan_decide(self):
        ctx = self.ctx
        self.steady(lambda i: ctx.classify("julie%d@example.fr" % i), CALLS)
        self.steady(lambda i: ctx.scan("mail julie%d@example.fr now" % i), CALLS // 2)
        self.steady(lambda i: ctx.decide("interaction_digitization", [IP], "collect",
                                         tenant="acme"), CALLS // 2)

    def test_scrub(self):
        ctx, lines = self.ctx, self.lines
        self.steady(lambda i: ctx.scrub_lines(lines, tenant_field="tenant", tenants=TENANTS), CALLS // 100)
        import json
        records = [json.loads(x) for x in lines[:10]]
        self.steady(lambda i: ctx.scrub(records[i % 10], tenant_field="tenant", tenants=TENANTS), CALLS // 5)

    def test_object_lifetimes(self):
        def cycle(i):
            with privpol.Keyring.generate() as kr, privpol.Context(kr) as c:
                c.scrub_lines(self.lines[:2], tenant="acme")
        self.steady(cycle, CALLS // 50)
        self.steady(lambda i: privpol.Context().close(), CALLS // 100)

        def errors(i):
            try:
                self.ctx.pseudonymize("bad", IP, "acme", T0)
            except privpol.ValueRejected:
                pass
        self.steady(errors, CALLS)


if __name__ == "__main__":
    unittest.main()
