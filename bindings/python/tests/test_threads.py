# SPDX-License-Identifier: MIT
"""One Context shared by 8 threads: every thread runs every kind of call (single and
batch) at once, released together, and gets what a single thread gets. The library
releases the GIL during calls, so the calls do overlap in C."""

import json
import threading
import unittest

from support import EVENTS, IP, T0, TENANTS, TempDirCase, privpol

THREADS = 8
ROUNDS = 3


def workload(ctx, ctrl, lines, ips, seed):
    """Everything a thread computes; deterministic given its seed."""
    mine = ips[seed::THREADS] + ips[:50]
    out = {}
    out["single"] = [ctx.pseudonymize(v, IP, "acme", T0) for v in mine[:200]]
    out["many"] = ctx.pseudonymize_many(mine, IP, "acme", T0)
    out["lines"] = ctx.scrub_lines(lines[seed * 20:seed * 20 + 120], tenant_field="tenant", tenants=TENANTS,
                                   contract_period="P13M")
    out["records"] = ctx.scrub_many([json.loads(x) for x in lines[:40]],
                                    tenant_field="tenant", tenants=TENANTS)
    out["one"] = ctx.scrub(json.loads(lines[seed]), tenant_field="tenant", tenants=TENANTS)
    out["classify"] = [ctx.classify(v) for v in mine[:50]]
    text = "Contact julie%d@example.fr or +33 6 12 34 56 %02d" % (seed, seed)
    out["scan"] = ctx.scan(text)
    out["redact"] = ctx.redact(text, pseudonymize=True, tenant="acme", at=T0)
    out["decide"] = [ctx.decide("interaction_digitization", [c], "collect", tenant="acme")
                     for c in ("connection.ip_address", "geolocation.precise")]
    out["retain"] = ctx.retain_until("interaction_digitization", IP, T0 + seed,
                                     contract_period="P13M")
    toks = ctrl.pseudonymize_many(mine[:30], IP, "acme", T0, reversible=True)
    out["reveal"] = [ctrl.reveal(t, "acme") for t in toks]
    out["subject"] = ctx.subject_tokens(mine[0], IP, "acme", T0, T0 + 86400)
    return out


class SharedContext(TempDirCase):
    def test_eight_threads_one_context(self):
        with open(EVENTS, "rb") as f:
            lines = [x for x in f.read().split(b"\n") if x]
        ips = ["10.%d.%d.%d" % (i % 7, i % 251, i % 199 + 1) for i in range(4000)]
        with privpol.Context(self.key) as ctx, \
                privpol.Context(self.key, role="controller", allow_reveal=True) as ctrl:
            want = [workload(ctx, ctrl, lines, ips, s) for s in range(THREADS)]
            for r in range(ROUNDS):
                got = [None] * THREADS
                failures = []
                barrier = threading.Barrier(THREADS)

                def run(seed):
                    try:
                        barrier.wait()
                        got[seed] = workload(ctx, ctrl, lines, ips, seed)
                    except BaseException as exc:  # reported below, in the main thread
                        failures.append((seed, repr(exc)))

                threads = [threading.Thread(target=run, args=(s,)) for s in range(THREADS)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                self.assertEqual(failures, [])
                for s in range(THREADS):
                    for k in want[s]:
                        self.assertEqual(got[s][k], want[s][k], (r, s, k))
            self.assertEqual(want[0]["reveal"], [ctx.normalize(v, IP) for v in
                                                 (ips[0::THREADS] + ips[:50])[:30]])


if __name__ == "__main__":
    unittest.main()
