# SPDX-License-Identifier: MIT
"""Context and the module functions: classification, scanning, redaction, decisions,
retention, deadlines, combinations, categories, sealing, normalization, the record
pipeline field by field, access-log lines; each checked against the privpol command
where it has one (the same library behind two front ends must agree), and the
conversions of times and values."""

import json
import unittest
from datetime import date, datetime, timedelta, timezone

from support import IP, T0, TempDirCase, have_cli, privpol, run_cli

UTC = timezone.utc
TEXT = "Écrivez à julie@example.fr ou +33 6 12 34 56 78, merci"
ACCESS = '192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] "GET /a HTTP/1.1" 200 12'


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class ContextTests(TempDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ctx = privpol.Context(cls.key)
        cls.ctrl = privpol.Context(cls.key, role="controller", allow_reveal=True)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        cls.ctrl.close()
        super().tearDownClass()

    def test_properties(self):
        self.assertEqual(self.ctx.role, "processor")
        self.assertEqual(self.ctrl.role, "controller")
        self.assertEqual(self.ctx.period(IP), "none")
        with privpol.Context(self.key, default_period="day",
                             periods={"terminal.msisdn": "month"}) as c:
            self.assertEqual(c.period(IP), "day")
            self.assertEqual(c.period("terminal.msisdn"), "month")
            a = c.pseudonymize("192.0.2.1", IP, "acme", T0)
            b = c.pseudonymize("192.0.2.1", IP, "acme", T0 + 86400)
            self.assertNotEqual(a, b)  # another day, another epoch
        with self.assertRaises(privpol.InvalidArgument):
            privpol.Context(default_region="FRA")
        self.assertIn("processor", repr(self.ctx))

    def test_classify(self):
        c = self.ctx.classify("julie@example.fr")
        self.assertEqual(c.category, "contact.email")
        self.assertGreater(c.confidence, 0.5)
        m = self.ctx.classify("nothing", field="email")
        self.assertEqual(m.category, "unknown")
        self.assertTrue(m.field_mismatch)
        token = self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
        self.assertTrue(self.ctx.classify(token).token)
        self.assertEqual(privpol.classify_field("client_ip"), IP)
        self.assertIsNone(privpol.classify_field("zzz_nothing"))
        if have_cli():
            values = ["julie@example.fr", "192.0.2.1", "06 12 34 56 78", "hello"]
            lines = run_cli("classify", *values).decode().splitlines()
            for v, line in zip(values, lines):
                cat, conf = line.split("\t")
                got = self.ctx.classify(v)
                self.assertEqual(got.category, cat)
                self.assertAlmostEqual(got.confidence, float(conf), places=2)

    def test_scan_offsets(self):
        spans = self.ctx.scan(TEXT)
        self.assertEqual([s.category for s in spans], ["contact.email", "contact.phone"])
        b = TEXT.encode()
        for s in spans:
            self.assertEqual(b[s.start:s.end].decode(), TEXT[s.text_start:s.text_end])
        self.assertEqual(TEXT[spans[0].text_start:spans[0].text_end], "julie@example.fr")
        raw = self.ctx.scan(b)  # bytes: str offsets are the byte offsets
        self.assertEqual([(s.start, s.end) for s in raw], [(s.start, s.end) for s in spans])
        self.assertEqual([(s.text_start, s.text_end) for s in raw],
                         [(s.start, s.end) for s in raw])
        many = " ".join("a%d@example.fr" % i for i in range(100))  # past the first buffer
        self.assertEqual(len(self.ctx.scan(many)), 100)
        self.assertEqual(self.ctx.scan(""), [])
        if have_cli():
            out = json.loads(run_cli("scan", input=TEXT.encode() + b"\n"))
            self.assertEqual([(x["start"], x["end"], x["category"]) for x in out["spans"]],
                             [(s.start, s.end, s.category) for s in spans])

    def test_redact(self):
        self.assertEqual(self.ctx.redact(TEXT),
                         "Écrivez à [contact.email] ou [contact.phone], merci")
        p = self.ctx.redact(TEXT, pseudonymize=True, tenant="acme", at=T0)
        self.assertIn(self.ctx.pseudonymize("julie@example.fr", "contact.email", "acme", T0),
                      p)
        long_text = "x " * 5000 + "julie@example.fr"  # larger than the scratch buffer
        self.assertTrue(self.ctx.redact(long_text).endswith("[contact.email]"))
        if have_cli():
            out = run_cli("redact", "-k", self.key, "-t", "acme", "--at",
                          "2025-01-06T08:00:00Z", input=TEXT.encode() + b"\n")
            self.assertEqual(out.decode().rstrip("\n"), p)

    def test_decide(self):
        d = self.ctx.decide("interaction_digitization", [IP], "collect", tenant="acme")
        self.assertTrue(d.allowed)
        self.assertTrue(d)
        self.assertEqual(d.verdict, "allow")
        self.assertTrue(d.check)
        g = self.ctx.decide("interaction_digitization", "geolocation.precise", "collect",
                            tenant="acme")
        self.assertFalse(g)
        self.assertEqual((g.clause, g.check), ("§12.3", "geolocation"))
        t = self.ctx.decide("prospecting", "contact.email", "transfer", role="controller",
                            recipient="partner", country="US")
        self.assertFalse(t.allowed)
        with self.assertRaises(privpol.InvalidArgument):  # processor data needs a tenant
            self.ctx.decide("interaction_digitization", [IP], "collect")
        with self.assertRaises(privpol.NotFound):
            self.ctx.decide("interaction_digitization", [IP], "juggle", tenant="acme")
        e = self.ctrl.decide("prospecting", ["contact.email"], "use", subject="prospect",
                             objections=["prospecting"])
        self.assertFalse(e.allowed)  # the subject objected (§11)
        # the level is computed from the categories and their states (§7.8): a claim
        # lowers nothing, states do
        m = self.ctrl.decide("prospecting", "terminal.msisdn", "use", tenant="acme",
                             processor_data=True, identifiability="non_identifiable")
        self.assertEqual((m.allowed, m.check), (False, "reuse"))
        cats = [IP, "usage.event"]
        self.assertFalse(self.ctrl.decide("statistics", cats, "analyze", tenant="acme",
                                          processor_data=True))
        self.assertFalse(self.ctrl.decide("statistics", cats, "analyze", tenant="acme",
                                          processor_data=True,
                                          states=["pseudonymized", "clear"]))
        self.assertTrue(self.ctrl.decide("statistics", cats, "analyze", tenant="acme",
                                         processor_data=True, states=["aggregated", "clear"]))
        with self.assertRaises(privpol.InvalidArgument):
            self.ctrl.decide("statistics", cats, "analyze", tenant="acme",
                             processor_data=True, states=["aggregated"] * 3)
        with self.assertRaises(privpol.NotFound):
            self.ctrl.decide("statistics", cats, "analyze", tenant="acme",
                             processor_data=True, states="secret")
        if have_cli():
            for args, got in (
                    (["-r", "processor", "-t", "acme", "-P", "interaction_digitization",
                      "-o", "collect", "-c", "geolocation.precise"], g),
                    (["-r", "controller", "-P", "prospecting", "-o", "transfer", "-c",
                      "contact.email", "--recipient", "partner", "--country", "US"], t)):
                out = run_cli("decide", *args, check=False).decode().rstrip("\n")
                self.assertEqual(out, "\t".join([got.verdict, got.clause, got.reason]))

    def test_retention_and_deadline(self):
        r = self.ctx.retention("interaction_digitization", IP, date(2025, 1, 31),
                               contract_period="P1M")
        self.assertEqual(r.until, datetime(2025, 2, 28, tzinfo=UTC))  # Reg. 1182/71
        self.assertEqual(r.action, "erase")
        self.assertEqual(r.clause, "§10.1")  # the rule's clause, borrowed from the policy
        self.assertTrue(r.rule_id)
        self.assertIn("§10.1", r.explanation)  # how the time was reached
        self.assertEqual(self.ctx.retain_until("interaction_digitization", IP,
                                               date(2025, 1, 31),
                                               contract_period=timedelta(days=10)),
                         datetime(2025, 2, 10, tzinfo=UTC))
        capped = self.ctx.retain_until("interaction_digitization", IP, T0,
                                       contract_period="P13M", contract_end="2025-03-01")
        self.assertEqual(capped, datetime(2025, 3, 1, tzinfo=UTC))
        with self.assertRaises(privpol.MissingTerms):
            self.ctx.retain_until("interaction_digitization", IP, T0)
        self.assertEqual(privpol.deadline(date(2025, 1, 31)),
                         datetime(2025, 2, 28, 23, 59, 59, tzinfo=UTC))
        self.assertEqual(privpol.deadline("2025-01-31T10:00:00Z", extended=True),
                         datetime(2025, 4, 30, 23, 59, 59, tzinfo=UTC))
        if have_cli():
            out = run_cli("deadline", "--received", "2025-01-31").decode().strip()
            self.assertEqual(out, iso(privpol.deadline(date(2025, 1, 31))))
            out = run_cli("retention", "-r", "processor", "-p", "interaction_digitization",
                          "-c", IP, "-t", "2025-01-31", "--contract-period", "P1M").decode()
            self.assertEqual(out.split("\t")[0], iso(r.until))
            self.assertEqual(out.split("\t", 1)[1].rstrip("\n"), r.explanation)

    def test_categories_as_values(self):
        # a category is an id or its privpol_category value (category_info().index)
        ip = privpol.category_info(IP).index
        self.assertEqual(privpol.categories()[ip], IP)
        self.assertEqual(self.ctx.pseudonymize("192.0.2.1", ip, "acme", T0),
                         self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0))
        self.assertEqual(self.ctx.normalize("2001:DB8::1", ip), "2001:db8::1")
        self.assertEqual(self.ctx.period(ip), "none")
        self.assertEqual(self.ctx.decide("interaction_digitization", [ip, "cookie.id"],
                                         "collect", tenant="acme"),
                         self.ctx.decide("interaction_digitization", [IP, "cookie.id"],
                                         "collect", tenant="acme"))
        self.assertEqual(self.ctx.process([("x", "192.0.2.1", ip)], tenant="acme",
                                          event_time=T0).fields[0].category, IP)
        with self.assertRaises(privpol.NotFound):
            self.ctx.pseudonymize("192.0.2.1", len(privpol.categories()), "acme")
        with self.assertRaises(privpol.NotFound):
            self.ctx.pseudonymize("192.0.2.1", -1, "acme")  # PRIVPOL_CAT_AUTO is no category
        self.assertIs(privpol.FieldResult, privpol.RecordField)  # its name before 0.1

    def test_combine_and_categories(self):
        self.assertEqual(privpol.combine("terminal.device_type", "connection.timestamp"),
                         "pseudonymous")
        c = privpol.combination("pseudonymous", "contact.email")
        self.assertEqual((c.level, c.rule, c.clause),
                         ("personal", "personal_if_combined", "§7.8"))
        self.assertEqual(privpol.combine(), "non_identifiable")
        self.assertEqual(privpol.combination("pseudonymous",
                                             reidentification_material=True).level,
                         "personal")
        with privpol.Policy.default() as p:
            self.assertEqual(privpol.combine("connection.timestamp", policy=p),
                             "non_identifiable")
        if have_cli():
            out = run_cli("combine", "terminal.device_type", "connection.timestamp").decode()
            t = privpol.combination("terminal.device_type", "connection.timestamp")
            self.assertEqual(out.strip(), "%s\t%s (%s)" % (t.level, t.rule, t.clause))
        cats = privpol.categories()
        self.assertEqual(cats[privpol.category_info(IP).index], IP)
        self.assertIn("unknown", cats)
        info = privpol.category_info("contact.email")
        self.assertEqual((info.normalizer, info.identifiability, info.fideslang),
                         ("email", "personal", "user.contact.email"))
        with self.assertRaises(privpol.NotFound):
            privpol.category_info("nope")

    def test_tokens_epochs_normalize(self):
        token = self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
        rev = self.ctrl.pseudonymize("192.0.2.1", IP, "acme", T0, reversible=True)
        self.assertEqual(privpol.token_kind(token), "pseudonym")
        self.assertEqual(privpol.token_kind(rev), "reversible")
        self.assertIsNone(privpol.token_kind("192.0.2.1"))
        self.assertEqual(privpol.epoch_of("none", T0), (0, None, None))
        n, s, e = privpol.epoch_of("day", T0)
        self.assertEqual((s, e), (datetime(2025, 1, 6, tzinfo=UTC),
                                  datetime(2025, 1, 7, tzinfo=UTC)))
        self.assertEqual(n, T0 // 86400)
        self.assertEqual(self.ctx.normalize(" 06 12 34 56 78 ", "terminal.msisdn"),
                         "+33612345678")
        self.assertEqual(self.ctx.normalize("2001:DB8:0::1", IP), "2001:db8::1")
        with self.assertRaises(privpol.ValueRejected):
            self.ctx.normalize("nope", IP)

    def test_seal(self):
        data = b"a line\x00with a NUL"
        sealed = self.ctx.seal(data, b"privpol-reject:1:1:1")
        self.assertTrue(sealed.startswith("ps1."))
        self.assertNotEqual(sealed, self.ctx.seal(data, b"privpol-reject:1:1:1"))
        with self.assertRaises(privpol.PermissionDenied):
            self.ctx.unseal(sealed, b"privpol-reject:1:1:1")
        self.assertEqual(self.ctrl.unseal(sealed, privpol.reject_ad(1, 1, True)), data)
        self.assertEqual(privpol.reject_ad(7, 2, False), b"privpol-reject:7:2:0")
        big = bytes(range(256)) * 100  # larger than the scratch buffer
        self.assertEqual(self.ctrl.unseal(self.ctrl.seal(big)), big)

    def test_process_fields(self):
        r = self.ctx.process({"ip": "192.0.2.1", "comment": "mail julie@example.fr"},
                             tenant="acme", contract_period="P13M", event_time=T0)
        f = {x.name: x for x in r.fields}
        self.assertEqual(f["ip"].action, "pseudonymize")
        self.assertEqual(f["ip"].value.decode(),
                         self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0))
        self.assertIsNone(f["comment"].value)  # dropped: the purpose does not use it
        self.assertIn("user_provided.free_text", r.dropped)
        self.assertEqual(r.event_time, datetime.fromtimestamp(T0, UTC))
        self.assertEqual(r.retain_until, datetime(2026, 2, 6, 8, 0, tzinfo=UTC))
        self.assertEqual(r.retention_status, "PRIVPOL_OK")
        self.assertIn(IP, r.categories)
        self.assertTrue(any(not d.decision.allowed for d in r.decisions))
        declared = self.ctx.process([("x", "192.0.2.1", IP)], tenant="acme", event_time=T0)
        self.assertEqual(declared.fields[0].category, IP)
        self.assertEqual(declared.retention_status, "PRIVPOL_ETERMS")
        self.assertIsNone(declared.retain_until)

    def test_accesslog(self):
        out = self.ctx.scrub_accesslog(ACCESS, tenant="acme")
        self.assertEqual(out, ACCESS.replace(
            "192.0.2.1", self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0), 1))
        with self.assertRaises(privpol.ParseError):
            self.ctx.scrub_accesslog("not a log line", tenant="acme")

    def test_times_and_values(self):
        want = self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
        aware = datetime(2025, 1, 6, 9, 0, tzinfo=timezone(timedelta(hours=1)))
        for at in (T0, float(T0) + 0.5, datetime(2025, 1, 6, 8, 0), aware,
                   "2025-01-06T08:00:00Z", b"2025-01-06T09:00:00+01:00"):
            self.assertEqual(self.ctx.pseudonymize("192.0.2.1", IP, "acme", at), want, at)
        for v in (b"192.0.2.1", bytearray(b"192.0.2.1"), memoryview(b"192.0.2.1")):
            self.assertEqual(self.ctx.pseudonymize(v, IP, "acme", T0), want)
        self.assertEqual(self.ctx.pseudonymize("192.0.2.1", IP, b"acme", T0), want)
        with self.assertRaises(TypeError):
            self.ctx.pseudonymize(1234, IP, "acme", T0)
        with self.assertRaises(TypeError):
            self.ctx.pseudonymize("192.0.2.1", IP, "acme", at=[T0])
        with self.assertRaises(privpol.ParseError):
            self.ctx.pseudonymize("192.0.2.1", IP, "acme", at="yesterday")
        with self.assertRaises(privpol.InvalidArgument):  # would cut the tenant short
            self.ctx.pseudonymize("192.0.2.1", IP, "acme\0other", T0)
        e1 = self.ctx.pseudonymize("Julie.Martin@Example.FR", "contact.email", "acme", T0)
        e2 = self.ctx.pseudonymize("julie.martin@example.fr", "contact.email", "acme", T0)
        self.assertEqual(e1, e2)
        self.assertNotEqual(self.ctx.pseudonymize("Zoë Dupré", "identity.name", "acme", T0),
                            self.ctx.pseudonymize("Zoe Dupre", "identity.name", "acme", T0))

    def test_closed(self):
        c = privpol.Context()
        c.close()
        c.close()
        for call in (lambda: c.pseudonymize("192.0.2.1", IP, "acme"),
                     lambda: c.pseudonymize_many(["192.0.2.1"], IP, "acme"),
                     lambda: c.classify("x"), lambda: c.scrub({}, tenant="acme"),
                     lambda: c.scrub_lines(["{}"], tenant="acme")):
            with self.assertRaises(privpol.InvalidArgument):
                call()
        with privpol.Context() as c2:
            pass
        with self.assertRaises(ValueError):
            c2.role


if __name__ == "__main__":
    unittest.main()
