# SPDX-License-Identifier: MIT
"""Pseudonyms from Python equal the CLI's for the same key file and inputs (one-by-one
and in batches, pseudonyms and reversible tokens, several categories); batches equal
single calls across chunk boundaries and through a small output buffer; invalid values
raise with their position or become None; reveal round-trips; subject lookups find the
pseudonyms that were made, across a key rotation."""

import random
import unittest
from datetime import datetime, timezone

import privpol.context as pcontext
from support import IP, T0, TempDirCase, have_cli, privpol, run_cli

AT = "2025-01-06T08:00:00Z"  # == T0

VALUES = {
    IP: ["192.0.2.1", " 198.51.100.7", "::ffff:192.0.2.1", "2001:DB8::1", "10.0.0.300",
         "fe80::1%eth0", "", "203.0.113.200"],
    "terminal.msisdn": ["06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678",
                        "+34682462819", "12", "+1 202-555-0143"],
    "contact.email": ["Julie.Martin@Example.FR", "julie.martin@example.fr", "no-at-sign",
                      "élodie@exemple.fr"],
    "cookie.id": ["abc", "ABC", "abc ", "x" * 300],
    "identity.name": ["Zoë Dupré", "  Zoë Dupré\t", "Jean"],
    "financial.iban": ["FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890188"],
}


def random_ipv4(rng, n):
    return ["%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255),
                             rng.randint(1, 254)) for _ in range(n)]


class Pseudonyms(TempDirCase):
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

    def one_by_one(self, ctx, values, category, reversible=False):
        out = []
        for v in values:
            try:
                out.append(ctx.pseudonymize(v, category, "acme", T0, reversible=reversible))
            except privpol.ValueRejected:
                out.append(None)
        return out

    @unittest.skipUnless(have_cli(), "privpol command not built")
    def test_same_pseudonyms_as_the_cli(self):
        for category, values in VALUES.items():
            for reversible in (False, True):
                args = ["pseudonymize", "-k", self.key, "-t", "acme", "-c", category,
                        "--at", AT] + (["--reversible"] if reversible else [])
                stdin = "".join(v + "\n" for v in values).encode()
                cli = [line or None for line in
                       run_cli(*args, input=stdin, check=False).decode().split("\n")[:-1]]
                # the CLI reads lines: a value's own spaces and tabs are kept
                self.assertEqual(len(cli), len(values))
                single = self.one_by_one(self.ctx, values, category, reversible)
                many = self.ctx.pseudonymize_many(values, category, "acme", T0,
                                                  reversible=reversible, errors="none")
                self.assertEqual(single, cli, (category, reversible))
                self.assertEqual(many, cli, (category, reversible))
                self.assertTrue(any(t is not None for t in cli))

    @unittest.skipUnless(have_cli(), "privpol command not built")
    def test_large_batch_same_as_cli(self):
        values = random_ipv4(random.Random(6), 20000)
        cli = run_cli("pseudonymize", "-k", self.key, "-t", "acme", "-c", IP, "--at", AT,
                      input="\n".join(values).encode() + b"\n").decode().split("\n")[:-1]
        self.assertEqual(self.ctx.pseudonymize_many(values, IP, "acme", T0), cli)

    def test_batch_equals_single_across_chunks_and_small_buffers(self):
        rng = random.Random(5)
        values = random_ipv4(rng, 3000)
        values[1234] = "2001:db8::%x" % 99
        values[2500] = b"192.0.2.77"  # bytes among str
        values[2999] = "192.0.2.99"
        token = self.ctx.pseudonymize("192.0.2.5", IP, "acme", T0)
        rev = self.ctrl.pseudonymize("192.0.2.5", IP, "acme", T0, reversible=True)
        values[10], values[11] = token, rev  # tokens of this context pass through
        want = [self.ctx.pseudonymize(v, IP, "acme", T0) for v in values]
        self.assertEqual(want[10], token)
        self.assertEqual(want[11], rev)
        saved = pcontext.PSEUDONYM_CHUNK, pcontext.BATCH_BUFFER, list(pcontext._pool)
        try:
            for chunk, buf in ((1000, 4 << 20), (3000, 1000), (7, 36), (512, 40)):
                pcontext.PSEUDONYM_CHUNK, pcontext.BATCH_BUFFER = chunk, buf
                pcontext._pool[:] = []
                got = self.ctx.pseudonymize_many(iter(values), IP, "acme", T0)
                self.assertEqual(got, want, (chunk, buf))
        finally:
            pcontext.PSEUDONYM_CHUNK, pcontext.BATCH_BUFFER = saved[0], saved[1]
            pcontext._pool[:] = saved[2]

    def test_invalid_values(self):
        values = ["192.0.2.1", "192.0.2.2", "not-an-address", "192.0.2.4", ""]
        with self.assertRaises(privpol.ValueRejected) as cm:
            self.ctx.pseudonymize_many(values, IP, "acme", T0)
        self.assertEqual((cm.exception.index, cm.exception.line), (2, 3))
        self.assertNotIn("not-an-address", str(cm.exception))
        got = self.ctx.pseudonymize_many(values, IP, "acme", T0, errors="none")
        self.assertEqual([g is None for g in got], [False, False, True, False, True])
        self.assertEqual(got[3], self.ctx.pseudonymize("192.0.2.4", IP, "acme", T0))
        saved = pcontext.PSEUDONYM_CHUNK
        try:  # the index counts from the start of the whole batch, not of a chunk
            pcontext.PSEUDONYM_CHUNK = 2
            with self.assertRaises(privpol.ValueRejected) as cm:
                self.ctx.pseudonymize_many(values, IP, "acme", T0)
            self.assertEqual(cm.exception.index, 2)
            self.assertEqual(self.ctx.pseudonymize_many(values, IP, "acme", T0,
                                                        errors="none"), got)
        finally:
            pcontext.PSEUDONYM_CHUNK = saved
        self.assertEqual(self.ctx.pseudonymize_many([], IP, "acme"), [])
        with self.assertRaises(privpol.NotFound):
            self.ctx.pseudonymize_many(["x"], "nope", "acme")
        with self.assertRaises(TypeError):
            self.ctx.pseudonymize_many(["192.0.2.1", 5], IP, "acme")

    def test_non_ascii_batches(self):
        values = ["Zoë", "Zoe", "Łukasz", b"Zo\xc3\xab", "東京"]
        got = self.ctx.pseudonymize_many(values, "identity.name", "acme", T0)
        self.assertEqual(got, [self.ctx.pseudonymize(v, "identity.name", "acme", T0)
                               for v in values])
        self.assertEqual(got[0], got[3])
        self.assertEqual(len(set(got)), 4)

    def test_tenants_and_times_separate(self):
        a = self.ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
        self.assertNotEqual(a, self.ctx.pseudonymize("192.0.2.1", IP, "globex", T0))
        self.assertNotEqual(a, self.ctx.pseudonymize("192.0.2.1", "cookie.id", "acme", T0))
        self.assertEqual(self.ctx.pseudonymize_many(["192.0.2.1"], IP, "acme", T0), [a])

    def test_reveal_round_trip(self):
        values = ["192.0.2.1", "2001:DB8::1", "06 12 34 56 78", "Julie@Example.FR"]
        cats = [IP, IP, "terminal.msisdn", "contact.email"]
        for v, c in zip(values, cats):
            tok = self.ctrl.pseudonymize(v, c, "acme", T0, reversible=True)
            self.assertTrue(tok.startswith("pr1."))
            self.assertEqual(self.ctrl.reveal(tok, "acme"), self.ctrl.normalize(v, c))
        toks = self.ctrl.pseudonymize_many(values[:2], IP, "acme", T0, reversible=True)
        self.assertEqual([self.ctrl.reveal(t, "acme") for t in toks],
                         ["192.0.2.1", "2001:db8::1"])
        opaque = "x" * 3000  # a token larger than the scratch buffer
        tok = self.ctrl.pseudonymize(opaque, "cookie.id", "acme", T0, reversible=True)
        self.assertEqual(self.ctrl.reveal(tok, "acme"), opaque)
        with self.assertRaises(privpol.PermissionDenied):
            self.ctx.reveal(toks[0], "acme")
        with self.assertRaises(privpol.AuthenticationFailed):
            self.ctrl.reveal(toks[0][:-4] + "AAAA", "acme")
        if have_cli():
            cli = run_cli("reveal", "-k", self.key, "-t", "acme", toks[1]).decode().strip()
            self.assertEqual(cli, "2001:db8::1")

    def test_subject_tokens_across_rotation(self):
        path = self.path("rotated.key")
        rotation = datetime(2025, 6, 1, tzinfo=timezone.utc)
        with privpol.Keyring.generate() as kr:
            kr.rotate(rotation)
            kr.save(path)
        with privpol.Context(path, default_period="month") as ctx:
            made = {ctx.pseudonymize("192.0.2.1", IP, "acme", at)
                    for at in ("2025-04-15", "2025-05-20", "2025-06-02", "2025-07-31")}
            start, end = datetime(2025, 4, 1), datetime(2025, 8, 1)
            found = ctx.subject_tokens("192.0.2.1", IP, "acme", start, end)
            self.assertEqual(len(found), 4)
            self.assertEqual(set(found), made)
            info = ctx.subject_token_info("192.0.2.1", IP, "acme", start, end)
            self.assertEqual([i.token for i in info], found)
            self.assertEqual(info[2].epoch_start, rotation)
            self.assertNotEqual(info[0].key_id, info[3].key_id)
            if have_cli():
                out = run_cli("subject", "-k", path, "-t", "acme", "--ip", "192.0.2.1",
                              "--from", "2025-04-01", "--to", "2025-08-01T00:00:00Z",
                              "--epoch-period", "month").decode().splitlines()
                self.assertEqual([line.split("\t")[0] for line in out], found)
            with self.assertRaises(privpol.InvalidArgument):
                ctx.subject_tokens("192.0.2.1", IP, "acme", end, start)


if __name__ == "__main__":
    unittest.main()
