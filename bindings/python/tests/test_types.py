# SPDX-License-Identifier: MIT
"""Every public entry point checks the types of its arguments before any C call: a
wrong type (None where text is needed, an int for a name, one str where a list is
needed, ...) raises TypeError naming the parameter, never a PrivpolError from the
library nor a ctypes.ArgumentError. Text is accepted as str or bytes alike."""

import inspect
import unittest
from datetime import datetime, timezone

from support import IP, T0, TempDirCase, privpol

P = "interaction_digitization"  # a processor purpose of the default policy


class WrongTypes(TempDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kr = privpol.Keyring.load(cls.key)
        cls.ctx = privpol.Context(cls.kr)
        cls.pol = privpol.Policy.default()

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        cls.pol.close()
        cls.kr.close()
        super().tearDownClass()

    def cases(self):
        """{entry point: [(parameter named in the message, call), ...]}"""
        c, kr, pol = self.ctx, self.kr, self.pol
        return {
            # ---- module functions
            "category_info": [("category", lambda: privpol.category_info(None)),
                              ("category", lambda: privpol.category_info(1.5))],
            "classify_field": [("field", lambda: privpol.classify_field(None)),
                               ("field", lambda: privpol.classify_field(7))],
            "combination": [("part", lambda: privpol.combination("personal", None)),
                            ("policy", lambda: privpol.combination("personal", policy="x")),
                            ("reidentification_material",
                             lambda: privpol.combination("personal",
                                                         reidentification_material=None))],
            "combine": [("part", lambda: privpol.combine(1.5)),
                        ("policy", lambda: privpol.combine(IP, policy=c))],
            "deadline": [("received", lambda: privpol.deadline([T0])),
                         ("extended", lambda: privpol.deadline(T0, extended="yes"))],
            "epoch_of": [("period", lambda: privpol.epoch_of(None, T0)),
                         ("at", lambda: privpol.epoch_of("day", [T0]))],
            "reject_ad": [("line", lambda: privpol.reject_ad("1")),
                          ("part", lambda: privpol.reject_ad(1, None)),
                          ("final", lambda: privpol.reject_ad(1, 1, "yes"))],
            "token_kind": [("text", lambda: privpol.token_kind(None))],
            # ---- Keyring
            "Keyring.generate": [("valid_from", lambda: privpol.Keyring.generate([T0]))],
            "Keyring.load": [("path", lambda: privpol.Keyring.load(None)),
                             ("path", lambda: privpol.Keyring.load(3.5))],
            "Keyring.save": [("path", lambda: kr.save(None)),
                             ("overwrite", lambda: kr.save(self.path("k2"), overwrite="no"))],
            "Keyring.rotate": [("valid_from", lambda: privpol.Keyring.generate().rotate([1]))],
            # ---- Policy
            "Policy.load": [("path", lambda: privpol.Policy.load(None))],
            "Policy.parse": [("text", lambda: privpol.Policy.parse(None)),
                             ("text", lambda: privpol.Policy.parse(12))],
            "Policy.supplement": [("path_or_text", lambda: pol.supplement(None)),
                                  ("path_or_text", lambda: pol.supplement(12))],
            "Policy.categories": [("role", lambda: pol.categories(None))],
            "Policy.transform": [("role", lambda: pol.transform(None, P, IP)),
                                 ("purpose", lambda: pol.transform("processor", None, IP)),
                                 ("category", lambda: pol.transform("processor", P, None))],
            "Policy.write": [("format", lambda: pol.write(None)),
                             ("format", lambda: pol.write(1))],
            "Policy.ropa": [("format", lambda: pol.ropa(None))],
            # ---- Context
            "Context": [("keyring", lambda: privpol.Context(12)),
                        ("policy", lambda: privpol.Context(policy=12)),
                        ("role", lambda: privpol.Context(role=None)),
                        ("default_region", lambda: privpol.Context(default_region=33)),
                        ("allow_reveal", lambda: privpol.Context(allow_reveal="yes")),
                        ("default_period", lambda: privpol.Context(default_period=None)),
                        ("periods", lambda: privpol.Context(periods=[IP])),
                        ("email_keep_case", lambda: privpol.Context(email_keep_case=None))],
            "Context.period": [("category", lambda: c.period(None))],
            "Context.pseudonymize": [
                ("value", lambda: c.pseudonymize(None, IP, "acme")),
                ("value", lambda: c.pseudonymize(1234, IP, "acme")),
                ("category", lambda: c.pseudonymize("192.0.2.1", None, "acme")),
                ("tenant", lambda: c.pseudonymize("192.0.2.1", IP, None)),
                ("tenant", lambda: c.pseudonymize("192.0.2.1", IP, 42)),
                ("time", lambda: c.pseudonymize("192.0.2.1", IP, "acme", at=[T0])),
                ("reversible", lambda: c.pseudonymize("192.0.2.1", IP, "acme",
                                                      reversible=None))],
            "Context.pseudonymize_many": [
                ("values", lambda: c.pseudonymize_many(None, IP, "acme")),
                ("values", lambda: c.pseudonymize_many("192.0.2.1", IP, "acme")),
                ("value", lambda: c.pseudonymize_many(["192.0.2.1", None], IP, "acme")),
                ("category", lambda: c.pseudonymize_many(["192.0.2.1"], None, "acme")),
                ("tenant", lambda: c.pseudonymize_many(["192.0.2.1"], IP, None)),
                ("tenant", lambda: c.pseudonymize_many([], IP, None)),
                ("errors", lambda: c.pseudonymize_many(["192.0.2.1"], IP, "acme",
                                                       errors=None)),
                ("reversible", lambda: c.pseudonymize_many(["192.0.2.1"], IP, "acme",
                                                           reversible="no"))],
            "Context.reveal": [("token", lambda: c.reveal(None, "acme")),
                               ("tenant", lambda: c.reveal("pr1.x", None))],
            "Context.normalize": [("value", lambda: c.normalize(None, IP)),
                                  ("category", lambda: c.normalize("192.0.2.1", 5.0))],
            "Context.subject_token_info": [
                ("value", lambda: c.subject_token_info(None, IP, "acme", T0, T0 + 1)),
                ("tenant", lambda: c.subject_token_info("192.0.2.1", IP, None, T0, T0 + 1)),
                ("time", lambda: c.subject_token_info("192.0.2.1", IP, "acme", [T0], T0))],
            "Context.subject_tokens": [
                ("category", lambda: c.subject_tokens("192.0.2.1", None, "acme", T0,
                                                      T0 + 1))],
            "Context.classify": [("value", lambda: c.classify(None)),
                                 ("field", lambda: c.classify("x", field=3))],
            "Context.scan": [("text", lambda: c.scan(None)), ("text", lambda: c.scan(12))],
            "Context.redact": [("text", lambda: c.redact(None)),
                               ("pseudonymize", lambda: c.redact("x", pseudonymize="yes")),
                               ("tenant", lambda: c.redact("x", True, tenant=5))],
            "Context.decide": [
                ("purpose", lambda: c.decide(None, [IP], tenant="acme")),
                ("categories", lambda: c.decide(P, None, tenant="acme")),
                ("category", lambda: c.decide(P, [None], tenant="acme")),
                ("operation", lambda: c.decide(P, [IP], None, tenant="acme")),
                ("tenant", lambda: c.decide(P, [IP], tenant=5)),
                ("role", lambda: c.decide(P, [IP], tenant="acme", role=1.0)),
                ("consent", lambda: c.decide(P, [IP], tenant="acme", consent="yes")),
                ("objections", lambda: c.decide(P, [IP], tenant="acme", objections=P)),
                ("restrictions", lambda: c.decide(P, [IP], tenant="acme",
                                                  restrictions=None)),
                ("time", lambda: c.decide(P, [IP], tenant="acme", at=[T0]))],
            "Context.retention": [
                ("purpose", lambda: c.retention(None, IP, T0)),
                ("category", lambda: c.retention(P, None, T0)),
                ("collected_at", lambda: c.retention(P, IP, [T0])),
                ("contract_period", lambda: c.retention(P, IP, T0, contract_period=13))],
            "Context.retain_until": [("purpose", lambda: c.retain_until(7, IP, T0))],
            "Context.seal": [("data", lambda: c.seal(None)),
                             ("ad", lambda: c.seal(b"x", ad=None))],
            "Context.unseal": [("sealed", lambda: c.unseal(None)),
                               ("ad", lambda: c.unseal("ps1.x", ad=3))],
            "Context.scrub": [("record", lambda: c.scrub(None, tenant="acme")),
                              ("record", lambda: c.scrub('{"ip": "192.0.2.1"}',
                                                         tenant="acme")),
                              ("tenant", lambda: c.scrub({}, tenant=3)),
                              ("tenants", lambda: c.scrub({}, tenant_field="t",
                                                          tenants="acme")),
                              ("role", lambda: c.scrub({}, tenant="acme", role=None))],
            "Context.scrub_many": [("records", lambda: c.scrub_many(None, tenant="acme")),
                                   ("records", lambda: c.scrub_many([{}, None],
                                                                    tenant="acme")),
                                   ("errors", lambda: c.scrub_many([{}], tenant="acme",
                                                                   errors=False))],
            "Context.scrub_lines": [("lines", lambda: c.scrub_lines(None, tenant="acme")),
                                    ("lines", lambda: c.scrub_lines('{"a": 1}',
                                                                    tenant="acme")),
                                    ("line", lambda: c.scrub_lines(["{}", None],
                                                                   tenant="acme")),
                                    ("time_field", lambda: c.scrub_lines(
                                        ["{}"], tenant="acme", time_field=1))],
            "Context.scrub_accesslog": [("line", lambda: c.scrub_accesslog(None,
                                                                           tenant="acme"))],
            "Context.process": [("fields", lambda: c.process(None, tenant="acme")),
                                ("fields", lambda: c.process([("a",)], tenant="acme")),
                                ("field value", lambda: c.process({"a": None},
                                                                  tenant="acme"))],
        }

    def test_wrong_types_raise_type_error(self):
        for name, calls in self.cases().items():
            for param, call in calls:
                with self.subTest(entry=name, param=param):
                    with self.assertRaises(TypeError) as cm:
                        call()
                    self.assertNotIsInstance(cm.exception, privpol.PrivpolError)
                    self.assertIn(param, str(cm.exception))

    def test_every_public_entry_point_is_covered(self):
        """A public function or method taking arguments is in cases(): a new one needs
        its wrong-type case here."""
        want = set()
        for name in privpol.__all__:
            obj = getattr(privpol, name)
            if inspect.isfunction(obj) and inspect.signature(obj).parameters:
                want.add(name)
        for cls in (privpol.Context, privpol.Keyring, privpol.Policy):
            for name, obj in vars(cls).items():
                fn = obj.__func__ if isinstance(obj, (classmethod, staticmethod)) else obj
                if name.startswith("_") or not inspect.isfunction(fn):
                    continue
                params = [p for p in inspect.signature(fn).parameters
                          if p not in ("self", "cls")]
                if params:
                    want.add(cls.__name__ + "." + name)
        want.add("Context")  # the constructor
        self.assertEqual(sorted(want - set(self.cases())), [])

    def test_text_is_str_or_bytes(self):
        c = self.ctx
        self.assertEqual(c.pseudonymize(b"192.0.2.1", IP.encode(), b"acme", T0),
                         c.pseudonymize("192.0.2.1", IP, "acme", T0))
        self.assertEqual(c.pseudonymize_many([b"192.0.2.1", "192.0.2.1"], IP, "acme", T0),
                         [c.pseudonymize("192.0.2.1", IP, "acme", T0)] * 2)
        self.assertEqual(privpol.category_info(IP.encode()).id, IP)
        self.assertTrue(c.decide(P.encode(), IP.encode(), tenant=b"acme").allowed)
        self.assertEqual(c.scrub_lines([b'{"a":1}'], tenant="acme"),
                         c.scrub_lines(['{"a":1}'], tenant=b"acme"))
        # flags take bools and ints; times take datetimes, ints, floats and ISO text
        self.assertEqual(c.pseudonymize("192.0.2.1", IP, "acme", T0, reversible=0),
                         c.pseudonymize("192.0.2.1", IP, "acme",
                                        datetime.fromtimestamp(T0, timezone.utc)))
        self.assertEqual(c.pseudonymize("192.0.2.1", IP, "acme", "2025-01-06T08:00:00Z"),
                         c.pseudonymize("192.0.2.1", IP, "acme", float(T0)))


if __name__ == "__main__":
    unittest.main()
