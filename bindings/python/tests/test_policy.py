# SPDX-License-Identifier: MIT
"""Policy: the embedded default, files, text, supplements (path and text), what a policy
says (purposes, categories, transforms, time fields), writing it back, the record of
processing activities, and the policy a context borrows."""

import json
import os
import unittest
from datetime import datetime, timezone

from support import IP, ROOT, T0, TempDirCase, privpol

SUPPLEMENT = os.path.join(ROOT, "tests", "policy", "acme-supplement.yaml")


class PolicyTests(TempDirCase):
    def test_default(self):
        with privpol.Policy.default() as p:
            self.assertEqual(p.id, "dialonce-privacy-policy")
            self.assertTrue(p.version)
            self.assertTrue(p.title)
            self.assertIsNone(p.tenant)
            ids = [q.id for q in p.purposes]
            self.assertIn("interaction_digitization", ids)
            self.assertIn("prospecting", ids)
            q = next(q for q in p.purposes if q.id == "interaction_digitization")
            self.assertEqual(q.role, "processor")
            self.assertIn(IP, q.categories)
            self.assertTrue(q.clause.startswith("§"))
            self.assertIn(IP, p.categories("processor"))
            self.assertNotIn("geolocation.precise", p.categories("processor"))
            self.assertIn("ts", p.time_fields)
            t = p.transform("processor", "interaction_digitization", IP)
            self.assertEqual(t.action, "pseudonymize")
            self.assertFalse(t.reversible)
            self.assertTrue(t.clause)
            self.assertIn("privpol-policy", privpol.Policy.default_text())

    def test_write_parse_and_load_back(self):
        with privpol.Policy.default() as p:
            yaml = p.write("yaml")
            data = json.loads(p.write("json"))
            self.assertEqual(data["id"], p.id)
            with privpol.Policy.parse(yaml) as q:
                self.assertEqual((q.id, q.version), (p.id, p.version))
                self.assertEqual(q.write("yaml"), yaml)
            path = self.path("policy.yaml")
            with open(path, "w") as f:
                f.write(yaml)
            with privpol.Policy.load(path) as q:
                self.assertEqual([x.id for x in q.purposes], [x.id for x in p.purposes])
            with self.assertRaises(privpol.InvalidArgument):
                p.write("xml")

    def test_ropa(self):
        with privpol.Policy.default() as p:
            md = p.ropa()
            html = p.ropa("html")
            self.assertIn("interaction_digitization", md)
            self.assertTrue(html.lstrip().lower().startswith("<!doctype html"))
            self.assertIn("</html>", html)

    def test_supplement_from_path_and_text(self):
        with privpol.Policy.default() as base:
            a = base.supplement(SUPPLEMENT)
            with open(SUPPLEMENT) as f:
                b = base.supplement(f.read())
        # the supplemented policies keep their base alive
        for s in (a, b):
            self.assertEqual(s.tenant, "acme")
            self.assertIn("store_locator", [p.id for p in s.purposes])
            self.assertIn("geolocation.imprecise", s.categories("processor"))
        with privpol.Context(privpol.Keyring.generate(), policy=a) as ctx:
            r = ctx.retain_until("interaction_digitization", IP, T0)  # the contract's P13M
            self.assertEqual(r, datetime(2026, 2, 6, 8, 0, tzinfo=timezone.utc))
            d = ctx.decide("store_locator", ["geolocation.imprecise"], "collect",
                           tenant="acme")
            self.assertTrue(d.allowed, d)
        a.close()
        b.close()
        with self.assertRaises(privpol.ParseError):
            privpol.Policy.default().supplement("privpol-supplement: 1\ntenant: [\n")

    def test_bad_policy(self):
        with self.assertRaises(privpol.ParseError) as cm:
            privpol.Policy.parse("privpol-policy: 1\nid: x\nno_such_key: 1\n")
        self.assertGreater(cm.exception.line, 0)
        with self.assertRaises(privpol.PrivpolIOError):
            privpol.Policy.load(self.path("missing.yaml"))
        p = privpol.Policy.default()
        p.close()
        p.close()
        with self.assertRaises(privpol.InvalidArgument):
            p.id

    def test_context_policy_is_borrowed(self):
        ctx = privpol.Context()
        pol = ctx.policy
        self.assertEqual(pol.id, "dialonce-privacy-policy")
        pol.close()  # a borrowed policy is never freed
        self.assertEqual(ctx.policy.id, "dialonce-privacy-policy")
        pol2 = ctx.policy
        ctx.close()
        with self.assertRaises(privpol.InvalidArgument):
            pol2.id  # valid only while its context is


if __name__ == "__main__":
    unittest.main()
