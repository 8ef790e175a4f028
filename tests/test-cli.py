#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of the privpol command-line tool.

Usage: test-cli.py PRIVPOL_EXE [unittest options]

Runs the tool as a subprocess in a fresh temporary directory per test and checks its
exit codes (0 ok, 64 usage, 65 bad data, 66 no input, 73 cannot create, 74 I/O,
77 key file permissions or not allowed, 78 bad configuration), its output and its
error messages (which must never hold a rejected value or key material).
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
# Optional command prefix for every run of the tool, e.g. valgrind (scripts/test.sh).
WRAPPER = shlex.split(os.environ.get("PRIVPOL_CLI_WRAPPER", ""))

EX_OK, EX_USAGE, EX_DATAERR, EX_NOINPUT = 0, 64, 65, 66
EX_CANTCREAT, EX_IOERR, EX_NOPERM, EX_CONFIG = 73, 74, 77, 78

COMMANDS = ("keygen", "pseudonymize", "reveal", "subject", "classify", "scan", "redact")
ALL_COMMANDS = ("seal", "unseal", "deadline", "policy", "retention", "combine", "decide",
                "ropa", "scrub", "categories")

PD1 = re.compile(r"^pd1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}$")
PR1 = re.compile(r"^pr1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$")
KEY_LINE = re.compile(r"^key ([0-9a-f]{8}) (\S+) ([0-9A-Fa-f]{64})$")

IP = "connection.ip_address"
MSISDN = "terminal.msisdn"
PHONE = "contact.phone"
EMAIL = "contact.email"

PHONE_NOTATIONS = ("06 12 34 56 78", "+33 6 12 34 56 78", "0033 6 12 34 56 78",
                   "+33612345678", "(0)6.12.34.56.78")


class Result:
    """Exit code and decoded output of one run (no newline translation)."""

    def __init__(self, args, proc):
        self.args = args
        self.rc = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    @property
    def lines(self):
        """stdout split into lines; each line must end with '\\n'."""
        if self.out == "":
            return []
        assert self.out.endswith("\n"), f"output does not end with a newline: {self.out!r}"
        return self.out[:-1].split("\n")

    def __repr__(self):
        return (f"privpol {' '.join(self.args)}\n  exit {self.rc}\n  stdout: {self.out!r}\n"
                f"  stderr: {self.err!r}")


class CliTest(unittest.TestCase):
    """Base: a temporary directory per test and helpers to run the tool."""

    maxDiff = None

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="privpol-cli-")
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    # -- running ---------------------------------------------------------------------

    def run_tool(self, *args, stdin=None, stdout=None):
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        proc = subprocess.run([*WRAPPER, PRIVPOL, *args],
                              input=stdin if stdin is not None else b"",
                              stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=self.dir, timeout=120)
        if proc.stdout is None:
            proc.stdout = b""
        return Result(args, proc)

    def expect(self, rc, *args, stdin=None):
        r = self.run_tool(*args, stdin=stdin)
        self.assertEqual(r.rc, rc, r)
        return r

    def assert_usage_error(self, r, cmd=None):
        """A usage error: exit 64, nothing on stdout, one line on stderr that names the
        command and points to its --help (the full help only on --help)."""
        name = f"privpol {cmd}" if cmd else "privpol"
        self.assertEqual(r.rc, EX_USAGE, r)
        self.assertEqual(r.out, "", r)
        self.assertEqual(r.err.count("\n"), 1, r)
        self.assertTrue(r.err.startswith(f"{name}: "), r)
        self.assertTrue(r.err.endswith(f" (see '{name} --help')\n"), r)
        self.assertNotIn("usage:", r.err, r)

    # -- key files -------------------------------------------------------------------

    def path(self, name):
        return os.path.join(self.dir, name)

    def keygen(self, name="key", *extra):
        p = self.path(name)
        r = self.expect(EX_OK, "keygen", "-o", p, *extra)
        self.assertEqual(r.out, "", r)
        self.assert_no_key_material(r.err, p)
        return p

    def rotate(self, keyfile, when):
        r = self.expect(EX_OK, "keygen", "--rotate", keyfile, "--from", when)
        self.assert_no_key_material(r.err, keyfile)
        return r

    def write_keyfile(self, name, text, mode=0o600):
        p = self.path(name)
        with open(p, "w", encoding="ascii", newline="") as f:
            f.write(text)
        os.chmod(p, mode)
        return p

    @staticmethod
    def read_bytes(path):
        with open(path, "rb") as f:
            return f.read()

    def key_lines(self, keyfile):
        """[(id, from, hex)] of the key lines of a key file."""
        keys = []
        with open(keyfile, encoding="ascii") as f:
            for line in f:
                m = KEY_LINE.match(line.rstrip("\n"))
                if m:
                    keys.append(m.groups())
        return keys

    def key_ids(self, keyfile):
        return [k[0] for k in self.key_lines(keyfile)]

    def assert_no_key_material(self, text, *keyfiles):
        for kf in keyfiles:
            if not os.path.exists(kf):
                continue
            for _, _, hexkey in self.key_lines(kf):
                for half in (hexkey[:32], hexkey[32:]):
                    self.assertNotIn(half.lower(), text.lower(),
                                     "key material in the tool's messages")

    def mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)

    # -- common commands -------------------------------------------------------------

    def pseudo(self, key, category, *values, tenant="acme", extra=(), stdin=None, rc=EX_OK):
        r = self.expect(rc, "pseudonymize", "-k", key, "-t", tenant, "-c", category,
                        *extra, *values, stdin=stdin)
        self.assert_no_key_material(r.err, key)
        return r

    def token(self, key, category, value, tenant="acme", extra=()):
        """The single pd1/pr1 token of one valid value."""
        r = self.pseudo(key, category, value, tenant=tenant, extra=extra)
        self.assertEqual(len(r.lines), 1, r)
        self.assertEqual(r.err, "", r)
        return r.lines[0]


class TestGeneral(CliTest):
    def test_help(self):
        for opt in ("--help", "-h", "help"):
            r = self.expect(EX_OK, opt)
            self.assertIn("usage:", r.out)
            for c in COMMANDS + ALL_COMMANDS:
                self.assertIn(c, r.out)

    def test_version(self):
        r = self.expect(EX_OK, "--version")
        self.assertRegex(r.out, r"\Aprivpol [0-9]+\.[0-9]+\.[0-9]+\n\Z")

    def test_no_command(self):
        self.assert_usage_error(self.expect(EX_USAGE))

    def test_unknown_command(self):
        r = self.expect(EX_USAGE, "frobnicate")
        self.assertIn("frobnicate", r.err)
        self.assert_usage_error(r)

    def test_command_help(self):
        for c in COMMANDS:
            for opt in ("--help", "-h"):
                with self.subTest(command=c, option=opt):
                    r = self.expect(EX_OK, c, opt)
                    self.assertIn("usage:", r.out)
                    self.assertIn(c, r.out)

    def test_unknown_option(self):
        for c in COMMANDS + ALL_COMMANDS:
            with self.subTest(command=c):
                r = self.expect(EX_USAGE, c, "--no-such-option")
                self.assertEqual(r.err, f"privpol {c}: unknown option '--no-such-option' "
                                        f"(see 'privpol {c} --help')\n")
                self.assert_usage_error(r, c)

    def test_usage_error_is_one_line(self):
        """Every kind of usage error: one line naming what is wrong, never the help."""
        cases = [
            (("scrub", "--bogus"), "scrub", "unknown option '--bogus'"),
            (("scrub", "--bogus=1"), "scrub", "unknown option '--bogus'"),
            (("scan", "-Z"), "scan", "unknown option '-Z'"),
            (("scrub", "-k"), "scrub", "option '-k' needs an argument"),
            (("scrub", "--key"), "scrub", "option '--key' needs an argument"),
            (("categories", "--help=yes"), "categories", "option '--help' takes no argument"),
            (("categories", "extra"), "categories", "unexpected argument 'extra'"),
            (("reveal",), "reveal", "-k KEYFILE and -t TENANT are required"),
            (("decide",), "decide", "--role, --purpose, --operation and --category are "
                                    "required"),
            (("policy",), "policy", "expected a subcommand, check or show"),
            (("frobnicate",), None, "unknown command 'frobnicate'"),
            ((), None, "no command"),
        ]
        for args, cmd, what in cases:
            with self.subTest(args=args):
                r = self.expect(EX_USAGE, *args)
                self.assert_usage_error(r, cmd)
                self.assertIn(what, r.err)


class TestKeygen(CliTest):
    def test_create(self):
        p = self.keygen()
        self.assertEqual(self.mode(p), 0o600)
        with open(p, encoding="ascii") as f:
            text = f.read()
        lines = text.split("\n")
        self.assertEqual(lines[-1], "", "key file must end with a newline")
        lines = lines[:-1]
        self.assertTrue(lines[0].startswith("#"), "key file should open with comments")
        body = [ln for ln in lines if ln and not ln.startswith("#")]
        first_body = lines.index(body[0])
        self.assertTrue(all(ln.startswith("#") or ln == "" for ln in lines[:first_body]))
        self.assertEqual(body[0], "privpol-keyring 1")
        self.assertEqual(len(body), 2, body)
        self.assertRegex(body[1], r"^key [0-9a-f]{8} 1970-01-01T00:00:00Z [0-9a-f]{64}$")

    def test_create_twice_differs(self):
        a, b = self.keygen("a"), self.keygen("b")
        (ida, _, ka), = self.key_lines(a)
        (idb, _, kb), = self.key_lines(b)
        self.assertNotEqual(ka, kb)
        self.assertNotEqual(ida, idb)

    def test_create_with_from(self):
        p = self.keygen("key", "--from", "2026-01-15")
        (_, start, _), = self.key_lines(p)
        self.assertEqual(start, "2026-01-15T00:00:00Z")
        p2 = self.keygen("key2", "--from", "2026-01-15T12:30:00Z")
        (_, start, _), = self.key_lines(p2)
        self.assertEqual(start, "2026-01-15T12:30:00Z")

    def test_create_never_overwrites(self):
        p = self.keygen()
        before = self.read_bytes(p)
        r = self.expect(EX_CANTCREAT, "keygen", "-o", p)
        self.assertEqual(self.read_bytes(p), before)
        self.assertEqual(self.mode(p), 0o600)
        self.assert_no_key_material(r.err, p)

    def test_create_never_overwrites_other_file(self):
        p = self.path("precious")
        with open(p, "wb") as f:
            f.write(b"do not touch\n")
        self.expect(EX_CANTCREAT, "keygen", "-o", p)
        self.assertEqual(self.read_bytes(p), b"do not touch\n")

    def test_create_in_missing_directory(self):
        p = self.path(os.path.join("no-such-dir", "key"))
        self.expect(EX_CANTCREAT, "keygen", "-o", p)
        self.assertFalse(os.path.exists(p))

    def test_rotate(self):
        p = self.keygen()
        before = self.read_bytes(p).decode("ascii").split("\n")
        self.rotate(p, "2026-03-01")
        self.assertEqual(self.mode(p), 0o600)
        after = self.read_bytes(p).decode("ascii").split("\n")
        self.assertEqual(after[0], before[0], "first line changed")
        keys = self.key_lines(p)
        self.assertEqual(len(keys), 2, keys)
        self.assertEqual(keys[0][1], "1970-01-01T00:00:00Z")
        self.assertEqual(keys[1][1], "2026-03-01T00:00:00Z")
        old_key_line = [ln for ln in before if ln.startswith("key ")]
        self.assertEqual(old_key_line, [ln for ln in after if ln.startswith("key ")][:1],
                         "first key line changed")
        self.assertNotEqual(keys[0][0], keys[1][0])
        self.assertNotEqual(keys[0][2], keys[1][2])
        self.assertEqual(os.listdir(self.dir), ["key"], "rotation left files behind")
        # and once more
        self.rotate(p, "2026-04-01T06:00:00Z")
        keys = self.key_lines(p)
        self.assertEqual([k[1] for k in keys], ["1970-01-01T00:00:00Z", "2026-03-01T00:00:00Z",
                                                "2026-04-01T06:00:00Z"])
        self.assertEqual(self.mode(p), 0o600)

    def test_rotate_not_later(self):
        p = self.keygen()
        self.rotate(p, "2026-03-01")
        before = self.read_bytes(p)
        for when in ("2026-03-01", "2026-03-01T00:00:00Z", "2026-02-28", "1970-01-01"):
            with self.subTest(when=when):
                self.expect(EX_USAGE, "keygen", "--rotate", p, "--from", when)
                self.assertEqual(self.read_bytes(p), before)

    def test_rotate_without_from(self):
        p = self.keygen()
        before = self.read_bytes(p)
        self.expect(EX_USAGE, "keygen", "--rotate", p)
        self.assertEqual(self.read_bytes(p), before)

    def test_output_and_rotate(self):
        p = self.keygen()
        before = self.read_bytes(p)
        self.expect(EX_USAGE, "keygen", "-o", self.path("other"), "--rotate", p,
                    "--from", "2026-03-01")
        self.assertEqual(self.read_bytes(p), before)
        self.assertFalse(os.path.exists(self.path("other")))

    def test_neither_output_nor_rotate(self):
        self.expect(EX_USAGE, "keygen")
        self.expect(EX_USAGE, "keygen", "--from", "2026-03-01")

    def test_stray_argument(self):
        self.expect(EX_USAGE, "keygen", "-o", self.path("key"), "extra")
        self.assertFalse(os.path.exists(self.path("key")))

    def test_bad_time(self):
        for when in ("yesterday", "2026-13-01", "2026-03-01T25:00:00Z", ""):
            with self.subTest(when=when):
                self.expect(EX_USAGE, "keygen", "-o", self.path("key"), "--from", when)
                self.assertFalse(os.path.exists(self.path("key")))
        p = self.keygen()
        before = self.read_bytes(p)
        self.expect(EX_USAGE, "keygen", "--rotate", p, "--from", "next tuesday")
        self.assertEqual(self.read_bytes(p), before)

    def test_rotate_missing_file(self):
        self.expect(EX_NOINPUT, "keygen", "--rotate", self.path("missing"), "--from",
                    "2026-03-01")
        self.assertFalse(os.path.exists(self.path("missing")))

    def test_rotate_open_mode(self):
        p = self.keygen()
        os.chmod(p, 0o644)
        before = self.read_bytes(p)
        r = self.expect(EX_NOPERM, "keygen", "--rotate", p, "--from", "2026-03-01")
        self.assertIn("0644", r.err)
        self.assertEqual(self.read_bytes(p), before)
        self.assertEqual(self.mode(p), 0o644)
        self.assert_no_key_material(r.err, p)

    def test_rotate_malformed(self):
        p = self.keygen()
        text = self.read_bytes(p).decode("ascii").replace("privpol-keyring 1", "privpol-keyring")
        self.write_keyfile("key", text)
        before = self.read_bytes(p)
        r = self.expect(EX_CONFIG, "keygen", "--rotate", p, "--from", "2026-03-01")
        self.assertEqual(self.read_bytes(p), before)
        self.assert_no_key_material(r.err, p)


class TestPseudonymize(CliTest):
    def setUp(self):
        super().setUp()
        self.key = self.keygen()

    def test_token_format(self):
        for cat, value in ((IP, "192.0.2.1"), (IP, "2001:db8::1"), (MSISDN, "+33612345678"),
                           (PHONE, "06 12 34 56 78"), (EMAIL, "alice@example.com")):
            with self.subTest(category=cat, value=value):
                t = self.token(self.key, cat, value)
                self.assertRegex(t, PD1)
                self.assertEqual(t.split(".")[1], self.key_ids(self.key)[0])

    def test_deterministic(self):
        a = self.token(self.key, IP, "192.0.2.1")
        b = self.token(self.key, IP, "192.0.2.1")
        self.assertEqual(a, b)
        self.assertNotEqual(a, self.token(self.key, IP, "192.0.2.2"))

    def test_arguments_and_stdin(self):
        values = ["192.0.2.1", "198.51.100.7", "2001:db8::1", "203.0.113.255"]
        a = self.pseudo(self.key, IP, *values)
        b = self.pseudo(self.key, IP, stdin="".join(v + "\n" for v in values))
        self.assertEqual(len(a.lines), 4, a)
        self.assertEqual(a.out, b.out)
        self.assertEqual(len(set(a.lines)), 4)
        for t in a.lines:
            self.assertRegex(t, PD1)

    def test_empty_stdin(self):
        r = self.pseudo(self.key, IP, stdin="")
        self.assertEqual(r.out, "")
        self.assertEqual(r.err, "")

    def test_last_line_without_newline(self):
        a = self.pseudo(self.key, IP, stdin="192.0.2.1\n192.0.2.2")
        b = self.pseudo(self.key, IP, "192.0.2.1", "192.0.2.2")
        self.assertEqual(a.out, b.out)

    def test_crlf(self):
        a = self.pseudo(self.key, IP, stdin=b"192.0.2.1\r\n198.51.100.7\r\n")
        b = self.pseudo(self.key, IP, "192.0.2.1", "198.51.100.7")
        self.assertEqual(a.out, b.out)
        self.assertNotIn("\r", a.out)

    def test_invalid_line(self):
        values = ["192.0.2.1", "192.0.2.2", "not-an-ip", "192.0.2.3"]
        r = self.pseudo(self.key, IP, stdin="\n".join(values) + "\n", rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 4, r)
        self.assertEqual(r.lines[2], "")
        for i in (0, 1, 3):
            self.assertEqual(r.lines[i], self.token(self.key, IP, values[i]))
        self.assertRegex(r.err, r"\bline 3\b")
        self.assertNotRegex(r.err, r"\bline [124]\b")
        self.assertNotIn("not-an-ip", r.err)

    def test_invalid_lines_counted(self):
        stdin = "bad-one\n192.0.2.1\n\nbad-two\n"
        r = self.pseudo(self.key, IP, stdin=stdin, rc=EX_DATAERR)
        self.assertEqual(r.lines[0], "")
        self.assertRegex(r.lines[1], PD1)
        self.assertEqual(r.lines[2:], ["", ""])
        for n in (1, 3, 4):
            self.assertRegex(r.err, rf"\bline {n}\b")
        self.assertNotRegex(r.err, r"\bline 2\b")

    def test_invalid_argument(self):
        r = self.pseudo(self.key, EMAIL, "a@example.com", "not-an-email-xyz", "b@example.com",
                        rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 3, r)
        self.assertEqual(r.lines[1], "")
        self.assertRegex(r.lines[0], PD1)
        self.assertRegex(r.lines[2], PD1)
        self.assertRegex(r.err, r"\b2\b")
        self.assertNotIn("not-an-email-xyz", r.err)

    def test_ipv4_notations(self):
        tokens = {self.token(self.key, IP, v) for v in ("192.0.2.1", "::ffff:192.0.2.1")}
        self.assertEqual(len(tokens), 1, tokens)

    def test_ipv6_notations(self):
        tokens = {self.token(self.key, IP, v)
                  for v in ("2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
                            "2001:db8:0:0:0:0:0:1", "2001:db8::0:1")}
        self.assertEqual(len(tokens), 1, tokens)
        self.assertNotEqual(tokens.pop(), self.token(self.key, IP, "2001:db8::2"))

    def test_phone_notations(self):
        for cat in (MSISDN, PHONE):
            with self.subTest(category=cat):
                r = self.pseudo(self.key, cat, *PHONE_NOTATIONS)
                self.assertEqual(len(r.lines), len(PHONE_NOTATIONS), r)
                self.assertEqual(len(set(r.lines)), 1, r)
                self.assertRegex(r.lines[0], PD1)

    def test_email_case(self):
        tokens = {self.token(self.key, EMAIL, v)
                  for v in ("alice@example.com", "Alice@Example.COM", "ALICE@EXAMPLE.COM")}
        self.assertEqual(len(tokens), 1, tokens)
        self.assertNotEqual(tokens.pop(), self.token(self.key, EMAIL, "bob@example.com"))

    def test_tenant_separates(self):
        a = self.token(self.key, IP, "192.0.2.1", tenant="acme")
        b = self.token(self.key, IP, "192.0.2.1", tenant="globex")
        self.assertNotEqual(a, b)

    def test_category_separates(self):
        a = self.token(self.key, MSISDN, "+33612345678")
        b = self.token(self.key, PHONE, "+33612345678")
        self.assertNotEqual(a, b)

    def test_key_separates(self):
        other = self.keygen("other")
        self.assertNotEqual(self.token(self.key, IP, "192.0.2.1"),
                            self.token(other, IP, "192.0.2.1"))

    def test_at_selects_key(self):
        self.rotate(self.key, "2026-03-01")
        first, second = self.key_ids(self.key)
        before = self.token(self.key, IP, "192.0.2.1", extra=("--at", "2026-02-28T23:59:59Z"))
        after = self.token(self.key, IP, "192.0.2.1", extra=("--at", "2026-03-01T00:00:00Z"))
        self.assertEqual(before.split(".")[1], first)
        self.assertEqual(after.split(".")[1], second)
        self.assertNotEqual(before, after)
        # without --at it is now, after the rotation
        self.assertEqual(self.token(self.key, IP, "192.0.2.1"), after)

    def test_epoch_period_day(self):
        day = ("--epoch-period", "day")
        d1a = self.token(self.key, IP, "192.0.2.1", extra=day + ("--at", "2026-03-05T00:00:00Z"))
        d1b = self.token(self.key, IP, "192.0.2.1", extra=day + ("--at", "2026-03-05T23:59:59Z"))
        d1c = self.token(self.key, IP, "192.0.2.1", extra=day + ("--at", "2026-03-05"))
        d2 = self.token(self.key, IP, "192.0.2.1", extra=day + ("--at", "2026-03-06T00:00:00Z"))
        self.assertEqual(d1a, d1b)
        self.assertEqual(d1a, d1c)
        self.assertNotEqual(d1a, d2)
        # no period: one token whatever the day (one key)
        n1 = self.token(self.key, IP, "192.0.2.1", extra=("--at", "2026-03-05"))
        n2 = self.token(self.key, IP, "192.0.2.1", extra=("--at", "2027-09-30"))
        self.assertEqual(n1, n2)
        self.assertNotIn(n1, (d1a, d2))

    def test_region(self):
        gb = self.token(self.key, MSISDN, "07400 123456", extra=("--region", "GB"))
        self.assertEqual(gb, self.token(self.key, MSISDN, "+44 7400 123456"))
        self.assertEqual(gb, self.token(self.key, MSISDN, "+447400123456"))
        # the default region is FR
        self.assertEqual(self.token(self.key, MSISDN, "06 12 34 56 78"),
                         self.token(self.key, MSISDN, "+33 6 12 34 56 78",
                                    extra=("--region", "GB")))

    def test_bad_region(self):
        for region in ("GBR", "G", "ZZ"):
            with self.subTest(region=region):
                r = self.pseudo(self.key, MSISDN, "07400 123456", extra=("--region", region),
                                rc=EX_USAGE)
                self.assertEqual(r.out, "")

    def test_unknown_category(self):
        r = self.pseudo(self.key, "no.such_category", "192.0.2.1", rc=EX_USAGE)
        self.assertEqual(r.out, "")
        self.assertIn("no.such_category", r.err)
        for known in (IP, MSISDN, PHONE, EMAIL):
            self.assertIn(known, r.err)

    def test_missing_options(self):
        full = {"-k": self.key, "-t": "acme", "-c": IP}
        for drop in full:
            with self.subTest(missing=drop):
                args = [x for o, v in full.items() if o != drop for x in (o, v)]
                r = self.expect(EX_USAGE, "pseudonymize", *args, "192.0.2.1")
                self.assertEqual(r.out, "")

    def test_bad_options(self):
        for extra in (("--at", "tomorrow"), ("--at", "2026-02-30T00:00:00"),
                      ("--epoch-period", "fortnight")):
            with self.subTest(extra=extra):
                r = self.pseudo(self.key, IP, "192.0.2.1", extra=extra, rc=EX_USAGE)
                self.assertEqual(r.out, "")

    def test_missing_key_file(self):
        r = self.expect(EX_NOINPUT, "pseudonymize", "-k", self.path("missing"), "-t", "acme",
                        "-c", IP, "192.0.2.1")
        self.assertEqual(r.out, "")
        self.assertIn("missing", r.err)

    def test_key_file_mode(self):
        for mode, text in ((0o640, "0640"), (0o604, "0604"), (0o660, "0660")):
            with self.subTest(mode=text):
                os.chmod(self.key, mode)
                r = self.pseudo(self.key, IP, "192.0.2.1", rc=EX_NOPERM)
                self.assertEqual(r.out, "")
                self.assertIn(self.key, r.err)
                self.assertIn(text, r.err)
        os.chmod(self.key, 0o400)
        self.assertRegex(self.token(self.key, IP, "192.0.2.1"), PD1)

    def test_malformed_key_file(self):
        (kid, start, hexkey), = self.key_lines(self.key)
        good = f"key {kid} {start} {hexkey}"
        head = "# comment\n\nprivpol-keyring 1\n"  # the key line is line 4
        cases = {
            "bad hex": good[:-5] + "xyz12",
            "short key": good[:-2],
            "long key": good + "00",
            "bad id": f"key {kid[:7]} {start} {hexkey}",
            "upper id": f"key {kid.upper()}Z {start} {hexkey}",
            "bad time": f"key {kid} 1970-01-01T00:00:00 {hexkey}",
            "extra field": good + " extra",
            "missing field": f"key {kid} {hexkey}",
            "unknown line": "keys " + good[4:],
        }
        for what, line in cases.items():
            with self.subTest(what=what):
                p = self.write_keyfile("bad", head + line + "\n")
                r = self.pseudo(p, IP, "192.0.2.1", rc=EX_CONFIG)
                self.assertEqual(r.out, "")
                self.assertRegex(r.err, r"(:|line )4\b", "the bad line is not named")
                self.assertNotIn(hexkey[:16], r.err)
                self.assertNotIn(hexkey[-16:], r.err)

    def test_malformed_key_file_structure(self):
        (kid, start, hexkey), = self.key_lines(self.key)
        good = f"key {kid} {start} {hexkey}\n"
        later = f"key {'%08x' % (int(kid, 16) ^ 1)} 2026-03-01T00:00:00Z {hexkey[::-1]}\n"
        cases = {
            "no header": good,
            "wrong version": "privpol-keyring 2\n" + good,
            "no key": "privpol-keyring 1\n",
            "empty": "",
            "times not increasing": "privpol-keyring 1\n" + later + good,
            "same time": "privpol-keyring 1\n" + good + later.replace("2026-03-01", "1970-01-01"),
            "duplicate id": "privpol-keyring 1\n" + good + later.replace(later[4:12], kid),
        }
        for what, text in cases.items():
            with self.subTest(what=what):
                p = self.write_keyfile("bad", text)
                r = self.pseudo(p, IP, "192.0.2.1", rc=EX_CONFIG)
                self.assertEqual(r.out, "")
                self.assertIn("bad", r.err)
                self.assertNotIn(hexkey[:16], r.err)
                self.assertNotIn(hexkey[-16:], r.err)
                self.assertNotIn(hexkey[::-1][:16], r.err)

    def test_hand_written_key_file(self):
        hexkey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
        p = self.write_keyfile("hand", "privpol-keyring 1\n"
                               f"key 0000000a 1970-01-01T00:00:00Z {hexkey}\n")
        t = self.token(p, IP, "192.0.2.1")
        self.assertTrue(t.startswith("pd1.0000000a."), t)
        # a CRLF key file reads the same
        p2 = self.write_keyfile("crlf", "privpol-keyring 1\r\n"
                                f"key 0000000a 1970-01-01T00:00:00Z {hexkey}\r\n")
        self.assertEqual(self.token(p2, IP, "192.0.2.1"), t)

    def test_rejected_values_never_on_stderr(self):
        cases = ((EMAIL, "not-an-email-xyz"), (EMAIL, "secret.person@@example.org"),
                 (EMAIL, "secret person@example.org"), (IP, "999.888.777.666"),
                 (IP, "10.20.30.40.50"), (IP, "2001:db8::zzzz:4711"),
                 (MSISDN, "+33 6 12 34 56 78 99 88"), (MSISDN, "06 12 34 56 7x"),
                 (PHONE, "+999 4711 0815"), (PHONE, "call-me-maybe-4711"))
        for cat, value in cases:
            with self.subTest(category=cat, value=value):
                for how in ("argument", "stdin"):
                    if how == "argument":
                        r = self.pseudo(self.key, cat, value, rc=EX_DATAERR)
                    else:
                        r = self.pseudo(self.key, cat, stdin=value + "\n", rc=EX_DATAERR)
                    self.assertEqual(r.out, "\n")
                    self.assertNotEqual(r.err, "")
                    self.assertNotIn(value, r.err)
                    # nor a long piece of it
                    compact = re.sub(r"[^0-9A-Za-z]", "", value)
                    for i in range(0, max(1, len(compact) - 7)):
                        self.assertNotIn(compact[i:i + 8], re.sub(r"[^0-9A-Za-z]", "", r.err))

    def test_tokens_pass_through(self):
        pd = self.token(self.key, IP, "192.0.2.1")
        pr = self.token(self.key, IP, "192.0.2.1", extra=("--reversible",))
        r = self.pseudo(self.key, IP, pd, pr, "192.0.2.1")
        self.assertEqual(r.lines, [pd, pr, pd])
        r = self.pseudo(self.key, IP, pd, pr, extra=("--reversible",))
        self.assertEqual(r.lines, [pd, pr])

    def test_many_lines(self):
        values = []
        for i in range(1000):
            if i % 7 == 3:
                values.append(f"192.0.2.{256 + i}")      # octet out of range
            elif i % 11 == 5:
                values.append(f"bogus-{i}")
            elif i % 2:
                values.append(f"2001:db8::{i:x}")
            else:
                values.append(f"10.{i // 256}.{i % 256}.1")
        invalid = {i for i, v in enumerate(values) if v.startswith("bogus") or
                   (v.startswith("192.0.2.") and int(v.rsplit(".", 1)[1]) > 255)}
        self.assertTrue(100 < len(invalid) < 500)
        r = self.pseudo(self.key, IP, stdin="\n".join(values) + "\n", rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1000)
        for i, line in enumerate(r.lines):
            if i in invalid:
                self.assertEqual(line, "", f"line {i + 1}")
            else:
                self.assertRegex(line, PD1, f"line {i + 1}")
        self.assertEqual(len(set(r.lines) - {""}), 1000 - len(invalid))
        reported = {int(n) for n in re.findall(r"\bline ([0-9]+)\b", r.err)}
        self.assertEqual(reported, {i + 1 for i in invalid})
        # spot checks against single runs
        for i in (0, 1, 998, 999):
            if i not in invalid:
                self.assertEqual(r.lines[i], self.token(self.key, IP, values[i]))
        # the same values as arguments
        a = self.pseudo(self.key, IP, *values, rc=EX_DATAERR)
        self.assertEqual(a.out, r.out)

    def test_many_reversible_lines(self):
        values = [f"user{i}@example.com" if i % 10 else f"user{i}-at-example.com"
                  for i in range(1000)]
        r = self.pseudo(self.key, EMAIL, stdin="\n".join(values) + "\n",
                        extra=("--reversible",), rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1000)
        for i, line in enumerate(r.lines):
            if i % 10:
                self.assertRegex(line, PR1)
            else:
                self.assertEqual(line, "")

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full to provoke write errors")
    def test_write_error(self):
        with open("/dev/full", "wb") as full:
            r = self.run_tool("pseudonymize", "-k", self.key, "-t", "acme", "-c", IP,
                              "192.0.2.1", stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)
            r = self.run_tool("pseudonymize", "-k", self.key, "-t", "acme", "-c", IP,
                              stdin="192.0.2.1\n" * 5000, stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)

    def test_at_before_first_key(self):
        late = self.keygen("late", "--from", "2026-01-01")
        r = self.run_tool("pseudonymize", "-k", late, "-t", "acme", "-c", IP,
                          "--at", "2025-06-01", "192.0.2.1")
        self.assertNotEqual(r.rc, EX_OK, r)
        self.assertNotRegex(r.out, r"pd1\.")
        self.assertNotEqual(r.err, "")


class TestReveal(CliTest):
    def setUp(self):
        super().setUp()
        self.key = self.keygen()

    def rtoken(self, category, value, tenant="acme", key=None, extra=()):
        return self.token(key or self.key, category, value, tenant=tenant,
                          extra=("--reversible",) + tuple(extra))

    def reveal(self, *tokens, tenant="acme", key=None, extra=(), stdin=None, rc=EX_OK):
        key = key or self.key
        r = self.expect(rc, "reveal", "-k", key, "-t", tenant, *extra, *tokens, stdin=stdin)
        self.assert_no_key_material(r.err, key)
        return r

    def test_format_and_determinism(self):
        for cat, value in ((MSISDN, "06 12 34 56 78"), (IP, "192.0.2.1"),
                           (IP, "2001:db8::1"), (EMAIL, "Alice@Example.com")):
            with self.subTest(category=cat, value=value):
                t = self.rtoken(cat, value)
                self.assertRegex(t, PR1)
                self.assertEqual(t.split(".")[1], self.key_ids(self.key)[0])
                self.assertEqual(t, self.rtoken(cat, value))
                self.assertNotEqual(t, self.token(self.key, cat, value))

    def test_reveal_normalized(self):
        cases = [(MSISDN, v, "+33612345678") for v in PHONE_NOTATIONS] + [
            (PHONE, "0033 6 12 34 56 78", "+33612345678"),
            (IP, "192.0.2.1", "192.0.2.1"),
            (IP, "::ffff:192.0.2.1", "192.0.2.1"),
            (IP, "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            (EMAIL, "Alice.Smith@Example.COM", "alice.smith@example.com"),
        ]
        for cat, value, normalized in cases:
            with self.subTest(category=cat, value=value):
                r = self.reveal(self.rtoken(cat, value))
                self.assertEqual(r.out, normalized + "\n")
                self.assertEqual(r.err, "")

    def test_region(self):
        t = self.rtoken(MSISDN, "07400 123456", extra=("--region", "GB"))
        self.assertEqual(self.reveal(t).out, "+447400123456\n")

    def test_with_category(self):
        tokens = [self.rtoken(MSISDN, "06 12 34 56 78"), self.rtoken(IP, "::ffff:192.0.2.1"),
                  self.rtoken(EMAIL, "Bob@Example.org")]
        for opt in ("--with-category", "-C"):
            r = self.reveal(*tokens, extra=(opt,))
            self.assertEqual(r.lines, ["terminal.msisdn\t+33612345678",
                                       "connection.ip_address\t192.0.2.1",
                                       "contact.email\tbob@example.org"])

    def test_other_tenant(self):
        t = self.rtoken(MSISDN, "06 12 34 56 78", tenant="acme")
        r = self.reveal(t, tenant="globex", rc=EX_DATAERR)
        self.assertEqual(r.out, "\n")
        self.assertNotIn("+33612345678", r.err)
        self.assertNotIn("612345678", r.err)
        self.assertNotEqual(t, self.rtoken(MSISDN, "06 12 34 56 78", tenant="globex"))

    def test_tampered(self):
        t = self.rtoken(MSISDN, "06 12 34 56 78")
        body_start = len("pr1.12345678.")
        for pos in (body_start + (len(t) - body_start) // 2, body_start, len(t) - 1):
            with self.subTest(pos=pos):
                c = "A" if t[pos] != "A" else "B"
                bad = t[:pos] + c + t[pos + 1:]
                r = self.reveal(bad, rc=EX_DATAERR)
                self.assertEqual(r.out, "\n")
                self.assertNotIn("612345678", r.err)
                # with the category too: still only an empty line
                r = self.reveal(bad, extra=("--with-category",), rc=EX_DATAERR)
                self.assertEqual(r.out, "\n")
        for bad in (t[:-1], t + "A", t[:body_start], t.replace("pr1.", "pr2.", 1)):
            with self.subTest(bad=bad):
                self.assertEqual(self.reveal(bad, rc=EX_DATAERR).out, "\n")

    def test_processor_may_not_reveal(self):
        t = self.rtoken(MSISDN, "06 12 34 56 78")
        r = self.reveal(t, extra=("--role", "processor"), rc=EX_NOPERM)
        self.assertEqual(r.out, "")
        r = self.reveal(t, extra=("--role", "controller"))
        self.assertEqual(r.out, "+33612345678\n")
        r = self.reveal(t, extra=("--role", "boss"), rc=EX_USAGE)
        self.assertEqual(r.out, "")

    def test_pseudonym_is_not_revealable(self):
        t = self.token(self.key, MSISDN, "06 12 34 56 78")
        r = self.reveal(t, rc=EX_DATAERR)
        self.assertEqual(r.out, "\n")

    def test_other_key_file(self):
        other = self.keygen("other")
        t = self.rtoken(MSISDN, "06 12 34 56 78", key=other)
        r = self.reveal(t, rc=EX_DATAERR)
        self.assertEqual(r.out, "\n")
        self.assertNotIn("612345678", r.err)

    def test_other_key_same_id(self):
        # a key file with the same key id but other key bytes: authentication fails
        (kid, start, hexkey), = self.key_lines(self.key)
        forged = "0" * 64 if hexkey != "0" * 64 else "1" * 64
        other = self.write_keyfile("forged", f"privpol-keyring 1\nkey {kid} {start} {forged}\n")
        t = self.rtoken(MSISDN, "06 12 34 56 78")
        self.assertEqual(self.reveal(t, key=other, rc=EX_DATAERR).out, "\n")

    def test_stdin(self):
        good = [self.rtoken(MSISDN, "06 12 34 56 78"), self.rtoken(IP, "192.0.2.1"),
                self.rtoken(EMAIL, "carol@example.net")]
        stdin = "\r\n".join([good[0], good[1], "garbage", good[2]]) + "\r\n"
        r = self.reveal(stdin=stdin, rc=EX_DATAERR)
        self.assertEqual(r.lines, ["+33612345678", "192.0.2.1", "", "carol@example.net"])
        self.assertRegex(r.err, r"\bline 3\b")
        self.assertNotRegex(r.err, r"\bline [124]\b")
        r = self.reveal(stdin="\n".join(good) + "\n")
        self.assertEqual(r.lines, ["+33612345678", "192.0.2.1", "carol@example.net"])
        self.assertEqual(r.out, self.reveal(*good).out)

    def test_many_lines(self):
        t = self.rtoken(IP, "198.51.100.9")
        lines = [t if i % 3 else "pr1.00000000.AAAA" for i in range(1000)]
        r = self.reveal(stdin="\n".join(lines) + "\n", rc=EX_DATAERR)
        self.assertEqual(len(r.lines), 1000)
        self.assertEqual(r.lines, ["198.51.100.9" if i % 3 else "" for i in range(1000)])

    def test_after_rotation(self):
        old = self.rtoken(MSISDN, "06 12 34 56 78", extra=("--at", "2026-01-01"))
        self.rotate(self.key, "2026-03-01")
        new = self.rtoken(MSISDN, "06 12 34 56 78", extra=("--at", "2026-03-02"))
        ids = self.key_ids(self.key)
        self.assertEqual(old.split(".")[1], ids[0])
        self.assertEqual(new.split(".")[1], ids[1])
        self.assertEqual(self.reveal(old, new).lines, ["+33612345678"] * 2)

    def test_missing_options(self):
        t = self.rtoken(IP, "192.0.2.1")
        self.expect(EX_USAGE, "reveal", "-k", self.key, t)
        self.expect(EX_USAGE, "reveal", "-t", "acme", t)

    def test_key_file_problems(self):
        t = self.rtoken(IP, "192.0.2.1")
        self.reveal(t, key=self.path("missing"), rc=EX_NOINPUT)
        os.chmod(self.key, 0o640)
        r = self.reveal(t, rc=EX_NOPERM)
        self.assertIn("0640", r.err)
        self.assertEqual(r.out, "")
        bad = self.write_keyfile("bad", "privpol-keyring 1\nkey zz 1970-01-01T00:00:00Z 00\n")
        self.assertEqual(self.reveal(t, key=bad, rc=EX_CONFIG).out, "")

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full to provoke write errors")
    def test_write_error(self):
        t = self.rtoken(IP, "192.0.2.1")
        with open("/dev/full", "wb") as full:
            r = self.run_tool("reveal", "-k", self.key, "-t", "acme", t, stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)


class TestSubject(CliTest):
    def setUp(self):
        super().setUp()
        self.key = self.keygen()
        self.rotate(self.key, "2026-03-01")
        self.first, self.second = self.key_ids(self.key)

    def subject(self, *args, rc=EX_OK, key=None):
        key = key or self.key
        r = self.expect(rc, "subject", "-k", key, "-t", "acme", *args)
        self.assert_no_key_material(r.err, key)
        return r

    def rows(self, r):
        rows = [line.split("\t") for line in r.lines]
        for row in rows:
            self.assertEqual(len(row), 5, row)
            self.assertRegex(row[0], PD1)
            self.assertEqual(row[0].split(".")[1], row[2], "token names another key id")
        return rows

    def test_msisdn_days(self):
        r = self.subject("--msisdn", "06 12 34 56 78", "--from", "2026-02-27", "--to",
                         "2026-03-02", "--epoch-period", "day")
        self.assertEqual(r.err, "")
        rows = self.rows(r)
        self.assertEqual(len(rows), 8, r)
        self.assertEqual({row[1] for row in rows}, {MSISDN, PHONE})
        days = ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03"]
        for cat in (MSISDN, PHONE):
            mine = [row for row in rows if row[1] == cat]
            self.assertEqual(len(mine), 4, mine)
            self.assertEqual([row[3] for row in mine], [d + "T00:00:00Z" for d in days[:4]])
            self.assertEqual([row[4] for row in mine], [d + "T00:00:00Z" for d in days[1:]])
            self.assertEqual([row[2] for row in mine], [self.first] * 2 + [self.second] * 2)
            self.assertEqual(len({row[0] for row in mine}), 4)
            for row, day in zip(mine, days):
                with self.subTest(category=cat, day=day):
                    self.assertEqual(row[0], self.token(
                        self.key, cat, "06 12 34 56 78",
                        extra=("--at", day + "T12:00:00Z", "--epoch-period", "day")))
        # any notation of the number gives the same answer
        for notation in PHONE_NOTATIONS[1:]:
            r2 = self.subject("--msisdn", notation, "--from", "2026-02-27", "--to",
                              "2026-03-02", "--epoch-period", "day")
            self.assertEqual(r2.out, r.out)

    def test_to_instant_is_exclusive(self):
        r = self.subject("--msisdn", "+33612345678", "--from", "2026-02-27", "--to",
                         "2026-03-02T00:00:00Z", "--epoch-period", "day")
        self.assertEqual(len(self.rows(r)), 6, r)
        r = self.subject("--msisdn", "+33612345678", "--from", "2026-02-27", "--to",
                         "2026-03-02T00:00:01Z", "--epoch-period", "day")
        self.assertEqual(len(self.rows(r)), 8, r)

    def test_one_day(self):
        r = self.subject("--msisdn", "+33612345678", "--from", "2026-03-01", "--to",
                         "2026-03-01", "--epoch-period", "day")
        rows = self.rows(r)
        self.assertEqual(len(rows), 2, r)
        for row in rows:
            self.assertEqual(row[2:], [self.second, "2026-03-01T00:00:00Z",
                                       "2026-03-02T00:00:00Z"])

    def test_ip_no_period(self):
        for notation in ("192.0.2.1", "::ffff:192.0.2.1"):
            with self.subTest(ip=notation):
                r = self.subject("--ip", notation, "--from", "2026-02-27", "--to",
                                 "2026-03-02")
                rows = self.rows(r)
                self.assertIn(IP, {row[1] for row in rows})
                mine = [row for row in rows if row[1] == IP]
                self.assertEqual(len(mine), 2, r)
                self.assertEqual([row[2] for row in mine], [self.first, self.second])
                self.assertEqual(mine[0][4], "2026-03-01T00:00:00Z")
                self.assertEqual(mine[1][3], "2026-03-01T00:00:00Z")
                self.assertEqual(mine[1][4], "-")
                self.assertEqual(mine[0][0], self.token(self.key, IP, "192.0.2.1",
                                                        extra=("--at", "2026-02-27")))
                self.assertEqual(mine[1][0], self.token(self.key, IP, "192.0.2.1",
                                                        extra=("--at", "2026-03-02")))

    def test_ip_days(self):
        r = self.subject("--ip", "2001:db8::1", "--from", "2026-02-28T12:00:00Z", "--to",
                         "2026-03-01T12:00:00Z", "--epoch-period", "day")
        rows = [row for row in self.rows(r) if row[1] == IP]
        self.assertEqual(len(rows), 2, r)
        for row, day in zip(rows, ("2026-02-28", "2026-03-01")):
            self.assertEqual(row[0], self.token(self.key, IP, "2001:DB8::0:1", extra=(
                "--at", day, "--epoch-period", "day")))

    def test_email(self):
        r = self.subject("--email", "Alice@Example.COM", "--from", "2026-02-27", "--to",
                         "2026-03-02", "--epoch-period", "day")
        rows = self.rows(r)
        self.assertIn(EMAIL, {row[1] for row in rows})
        mine = [row for row in rows if row[1] == EMAIL]
        self.assertEqual(len(mine), 4, r)
        self.assertEqual(mine[0][0], self.token(self.key, EMAIL, "alice@example.com", extra=(
            "--at", "2026-02-27T08:00:00Z", "--epoch-period", "day")))
        self.assertEqual(mine[3][0], self.token(self.key, EMAIL, "alice@example.com", extra=(
            "--at", "2026-03-02T23:00:00Z", "--epoch-period", "day")))

    def test_region(self):
        r = self.subject("--msisdn", "07400 123456", "--region", "GB", "--from",
                         "2026-03-05", "--to", "2026-03-05")
        rows = {row[1]: row[0] for row in self.rows(r)}
        self.assertEqual(rows[MSISDN], self.token(self.key, MSISDN, "+44 7400 123456"))
        self.assertEqual(rows[PHONE], self.token(self.key, PHONE, "+447400123456"))

    def test_usage_errors(self):
        base = ("--from", "2026-02-27", "--to", "2026-03-02")
        cases = {
            "no --from": ("--msisdn", "+33612345678", "--to", "2026-03-02"),
            "no --to": ("--msisdn", "+33612345678", "--from", "2026-02-27"),
            "no identifier": base,
            "two identifiers": ("--msisdn", "+33612345678", "--ip", "192.0.2.1") + base,
            "same identifier twice": ("--ip", "192.0.2.1", "--ip", "192.0.2.2") + base,
            "to before from": ("--msisdn", "+33612345678", "--from", "2026-03-02",
                               "--to", "2026-02-27"),
            "to equals from": ("--ip", "192.0.2.1", "--from", "2026-03-02T00:00:00Z",
                               "--to", "2026-03-02T00:00:00Z"),
            "bad --from": ("--ip", "192.0.2.1", "--from", "last week", "--to", "2026-03-02"),
            "bad --to": ("--ip", "192.0.2.1", "--from", "2026-02-27", "--to", "2026-02-30x"),
            "bad period": ("--ip", "192.0.2.1", "--epoch-period", "hourly") + base,
            "stray argument": ("--ip", "192.0.2.1", "extra") + base,
        }
        for what, args in cases.items():
            with self.subTest(what=what):
                r = self.subject(*args, rc=EX_USAGE)
                self.assertEqual(r.out, "")
        self.expect(EX_USAGE, "subject", "-k", self.key, "--ip", "192.0.2.1", *base)
        self.expect(EX_USAGE, "subject", "-t", "acme", "--ip", "192.0.2.1", *base)

    def test_invalid_identifier(self):
        base = ("--from", "2026-02-27", "--to", "2026-03-02")
        for opt, value in (("--msisdn", "+999 4711 0815"), ("--ip", "999.888.777.666"),
                           ("--email", "not-an-email-xyz"), ("--msisdn", "call-me-4711")):
            with self.subTest(option=opt, value=value):
                r = self.subject(opt, value, *base, rc=EX_DATAERR)
                self.assertEqual(r.out, "")
                self.assertNotIn(value, r.err)

    def test_range_without_key(self):
        r = self.subject("--email", "alice@example.com", "--from", "1960-01-01", "--to",
                         "1960-02-01", rc=EX_DATAERR)
        self.assertEqual(r.out, "")
        late = self.keygen("late", "--from", "2026-01-01")
        r = self.subject("--ip", "192.0.2.1", "--from", "2025-01-01", "--to", "2025-12-31",
                         "--epoch-period", "day", key=late, rc=EX_DATAERR)
        self.assertEqual(r.out, "")

    def test_key_file_problems(self):
        base = ("--ip", "192.0.2.1", "--from", "2026-02-27", "--to", "2026-03-02")
        self.subject(*base, key=self.path("missing"), rc=EX_NOINPUT)
        os.chmod(self.key, 0o644)
        r = self.subject(*base, rc=EX_NOPERM)
        self.assertIn("0644", r.err)
        bad = self.write_keyfile("bad", "privpol-keyring 1\n")
        self.subject(*base, key=bad, rc=EX_CONFIG)

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full to provoke write errors")
    def test_write_error(self):
        with open("/dev/full", "wb") as full:
            # small output: fails at the final flush
            r = self.run_tool("subject", "-k", self.key, "-t", "acme", "--ip", "192.0.2.1",
                              "--from", "2026-02-27", "--to", "2026-03-02",
                              "--epoch-period", "day", stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)
            # large output (several stdio buffers): fails while printing
            r = self.run_tool("subject", "-k", self.key, "-t", "acme", "--msisdn",
                              "+33612345678", "--from", "2020-01-01", "--to", "2026-03-02",
                              "--epoch-period", "day", stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)


class TestClassify(CliTest):
    def classify(self, *args, stdin=None):
        r = self.expect(EX_OK, "classify", *args, stdin=stdin)
        return [tuple(line.split("\t")) for line in r.lines]

    def test_values(self):
        rows = self.classify("192.0.2.1", "2001:db8::1", "+33612345678", "julie@example.fr",
                             "FR7630006000011234567890189", "4111 1111 1111 1111",
                             "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/125.0",
                             "2025-01-06T08:00:00.070Z", "bonjour tout le monde")
        cats = [r[0] for r in rows]
        self.assertEqual(cats, [IP, IP, MSISDN, EMAIL, "financial.iban",
                                "financial.card_number", "terminal.user_agent",
                                "connection.timestamp", "unknown"])
        for r in rows:
            self.assertEqual(len(r), 2, rows)
            self.assertRegex(r[1], r"^[01]\.\d\d$")

    def test_stdin_and_field(self):
        rows = self.classify("--field", "comment", stdin="Bonjour, rappel demain\n")
        self.assertEqual(rows[0][0], "user_provided.free_text")
        rows = self.classify("--field", "email", "not an address")
        self.assertEqual(rows[0][0], "unknown")
        rows = self.classify("--field", "client.ip", "192.0.2.1")
        self.assertEqual(rows[0][0], IP)
        rows = self.classify("--verbose", "--field", "email", "not an address")
        self.assertEqual(rows[0][2], "field-mismatch")

    def test_decoys_are_not_identifiers(self):
        rows = self.classify("657762511", "INC7074924", "75146", "12/06/2025", "4.2.4",
                             "0xA7674469", "366,60€", "15:45")
        self.assertEqual({r[0] for r in rows}, {"unknown"}, rows)

    def test_lines_stay_aligned(self):
        r = self.expect(EX_OK, "classify", stdin="192.0.2.1\n\nx\n")
        self.assertEqual(len(r.lines), 3)


class TestScanRedact(CliTest):
    TEXT = ("Bonjour Julie, rappeler au 06 12 34 56 78 ou julie.martin@example.fr "
            "depuis 192.0.2.1, commande 657762511.")

    def test_scan_json_lines(self):
        import json
        r = self.expect(EX_OK, "scan", stdin=self.TEXT + "\nrien ici\n")
        lines = [json.loads(x) for x in r.lines]
        self.assertEqual([x["line"] for x in lines], [1, 2])
        self.assertEqual(lines[1]["spans"], [])
        raw = self.TEXT.encode()
        found = {raw[s["start"]:s["end"]].decode(): s["category"] for s in lines[0]["spans"]}
        self.assertEqual(found.get("06 12 34 56 78"), PHONE, found)
        self.assertEqual(found.get("julie.martin@example.fr"), EMAIL, found)
        self.assertEqual(found.get("192.0.2.1"), IP, found)
        self.assertNotIn("657762511", found)
        for s in lines[0]["spans"]:
            self.assertTrue(0 <= s["start"] < s["end"] <= len(raw))
            self.assertTrue(0 <= s["confidence"] <= 1)
        self.assertNotIn("julie.martin", r.out)

    def test_scan_file_and_missing_file(self):
        p = self.path("in.txt")
        with open(p, "w") as f:
            f.write(self.TEXT + "\n")
        r = self.expect(EX_OK, "scan", p)
        self.assertEqual(len(r.lines), 1)
        self.expect(EX_NOINPUT, "scan", self.path("missing.txt"))
        self.expect(EX_USAGE, "scan", p, p)

    def test_hostile_input(self):
        junk = b"\x00\xff\xfe" * 1000 + b"06 12" * 2000 + b"@" * 5000 + b":" * 5000 + b"\n"
        r = self.expect(EX_OK, "scan", stdin=junk)
        self.assertEqual(len(r.lines), 1)
        r = self.expect(EX_OK, "redact", stdin=junk)
        self.assertEqual(len(r.lines), 1)

    def test_redact_labels(self):
        r = self.expect(EX_OK, "redact", stdin=self.TEXT + "\n")
        out = r.lines[0]
        self.assertIn("[contact.phone]", out)
        self.assertIn("[contact.email]", out)
        self.assertIn("[connection.ip_address]", out)
        self.assertIn("commande 657762511.", out)
        for secret in ("06 12 34 56 78", "julie.martin@example.fr", "192.0.2.1"):
            self.assertNotIn(secret, out)

    def test_redact_pseudonyms(self):
        key = self.keygen()
        r = self.expect(EX_OK, "redact", "-k", key, "-t", "acme", "--at", "2025-01-06",
                        stdin=self.TEXT + "\n")
        out = r.lines[0]
        phone_token = self.token(key, PHONE, "06 12 34 56 78",
                                 extra=("--at", "2025-01-06"))
        email_token = self.token(key, EMAIL, "julie.martin@example.fr",
                                 extra=("--at", "2025-01-06"))
        self.assertIn(phone_token, out)
        self.assertIn(email_token, out)
        self.assertNotIn("julie.martin@example.fr", out)
        self.expect(EX_USAGE, "redact", "-k", key, stdin="x\n")


class TestDeadline(CliTest):
    """privpol deadline: GDPR Art. 12(3), months as in Regulation (EEC, Euratom) 1182/71."""

    def due(self, *args):
        r = self.expect(EX_OK, "deadline", *args)
        self.assertEqual(r.err, "", r)
        self.assertEqual(len(r.lines), 1, r)
        self.assertRegex(r.lines[0], r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T23:59:59Z\Z")
        return r.lines[0]

    def test_documented_dates(self):
        cases = [
            (("--received", "2025-01-31T10:00:00Z"), "2025-02-28T23:59:59Z"),
            (("--received", "2025-01-31T10:00:00Z", "--extended"), "2025-04-30T23:59:59Z"),
            (("--received", "2024-01-31"), "2024-02-29T23:59:59Z"),
            (("--received", "2025-03-31T08:00:00Z"), "2025-04-30T23:59:59Z"),
            (("--received", "2025-01-15T23:59:59Z"), "2025-02-15T23:59:59Z"),
            (("--received", "2025-12-31"), "2026-01-31T23:59:59Z"),
            (("-r", "2025-01-31", "-x"), "2025-04-30T23:59:59Z"),
            (("--extended", "--received=2024-11-30"), "2025-02-28T23:59:59Z"),
            # UTC days: 00:30 in Paris on 1 February is 31 January in UTC.
            (("--received", "2025-02-01T00:30:00+01:00"), "2025-02-28T23:59:59Z"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                self.assertEqual(self.due(*args), expected)

    def test_month_ends(self):
        for month, last, due, due_ext in (("01", 31, "2023-02-28", "2023-04-30"),
                                          ("02", 28, "2023-03-28", "2023-05-28"),
                                          ("08", 31, "2023-09-30", "2023-11-30"),
                                          ("10", 31, "2023-11-30", "2024-01-31"),
                                          ("11", 30, "2023-12-30", "2024-02-29")):
            received = f"2023-{month}-{last:02d}T12:00:00Z"
            with self.subTest(received=received):
                self.assertEqual(self.due("--received", received), due + "T23:59:59Z")
                self.assertEqual(self.due("--received", received, "--extended"),
                                 due_ext + "T23:59:59Z")

    def test_bad_input(self):
        for args in ((), ("--extended",), ("--received",), ("--received", "2025-13-01"),
                     ("--received", "2025-02-29"), ("--received", "31/01/2025"),
                     ("--received", ""), ("--received", "2025-01-31", "extra"),
                     ("--received", "9999-12-15"), ("--received", "9999-10-01", "-x"),
                     ("--received", "2025-01-31", "--no-such-option")):
            with self.subTest(args=args):
                r = self.expect(EX_USAGE, "deadline", *args)
                self.assertEqual(r.out, "", r)
                self.assertIn("privpol deadline", r.err)
        r = self.expect(EX_USAGE, "deadline", "--received", "2025-13-01")
        self.assertIn("--received", r.err)
        self.assertIn("column 8", r.err)

    def test_help(self):
        for opt in ("--help", "-h"):
            r = self.expect(EX_OK, "deadline", opt)
            self.assertIn("usage: privpol deadline --received TIME [--extended]", r.out)
            self.assertIn("1182/71", r.out)
            self.assertIn("holidays", r.out)
            self.assertEqual(r.err, "")
        r = self.expect(EX_OK, "--help")
        self.assertIn("deadline", r.out)


class TestPolicy(CliTest):
    """privpol policy check / show: the policy file format (docs/policy-format.md)."""

    import json

    DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "policies",
                           "default.yaml")
    OK_POLICY = re.compile(r"\A(.+): ok \(policy dialonce-privacy-policy 2021\.1, "
                           r"([0-9]+) purposes\)\Z")
    SUPPLEMENT = (
        "# SPDX-License-Identifier: MIT\n"
        "privpol-supplement: 1\n"
        "tenant: acme\n"
        "extends: dialonce-privacy-policy\n"
        "contract:\n"
        "  clause: \"ACME DPA §9\"\n"
        "  period: P13M\n"
        "  end: 2027-12-31\n"
        "geolocation:\n"
        "  clause: \"ACME DPA annex 2 §3\"\n"
        "  imprecise: true\n"
        "purposes:\n"
        "  store_locator:\n"
        "    clause: \"ACME DPA annex 1 §2\"\n"
        "    subjects: [end_user]\n"
        "    categories: [geolocation.imprecise, connection.timestamp]\n"
        "partners:\n"
        "  - id: acme-crm\n"
        "    recipient: subcontractor\n"
        "    clause: \"ACME DPA annex 3\"\n"
        "    purposes: [customer_analytics]\n"
        "    categories: [usage.journey]\n"
        "    country: US\n"
        "    safeguard: scc\n")

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def default_text(self):
        with open(self.DEFAULT, encoding="utf-8") as f:
            return f.read()

    def test_check_shipped_default(self):
        r = self.expect(EX_OK, "policy", "check", self.DEFAULT)
        self.assertEqual(r.err, "", r)
        self.assertEqual(len(r.lines), 1, r)
        m = self.OK_POLICY.match(r.lines[0])
        self.assertIsNotNone(m, r)
        self.assertEqual(m.group(1), self.DEFAULT)
        self.assertEqual(m.group(2), "12")

    def test_check_supplement_on_default(self):
        sup = self.write("acme.yaml", self.SUPPLEMENT)
        r = self.expect(EX_OK, "policy", "check", sup)
        self.assertEqual(r.lines, [f"{sup}: ok (supplement for tenant acme on policy "
                                   "dialonce-privacy-policy 2021.1, 13 purposes)"], r)

    def test_check_reports_file_line_column(self):
        cases = [
            ("yaml.yaml", "a: [1, 2\nb: 3\n", "2:2: YAML: did not find expected ',' or ']' while parsing a flow sequence"),
            ("typo.yaml", self.default_text().replace('    anonymize: "§7.3"',
                                                      '    anonymise: "§7.3"'),
             None),
            ("alias.yaml", "a: &x [1]\nb: *x\n", "1:4: anchors are not allowed"),
            ("deep.yaml", "a: " + "[" * 100 + "]" * 100 + "\n",
             "1:19: nesting deeper than 16 levels"),
            ("empty.yaml", "", "1:1: empty document"),
        ]
        for name, text, expected in cases:
            with self.subTest(file=name):
                p = self.write(name, text)
                r = self.expect(EX_CONFIG, "policy", "check", p)
                self.assertEqual(r.out, "", r)
                if expected is None:
                    line = text[:text.index("anonymise")].count("\n") + 1
                    expected = f"{line}:5: unknown key 'anonymise' in purposes.statistics"
                self.assertEqual(r.err, f"{p}:{expected}\n", r)

    def test_check_several_files(self):
        good = self.write("good.yaml", self.default_text())
        sup = self.write("acme.yaml", self.SUPPLEMENT)
        bad = self.write("bad.yaml", self.default_text().replace(
            "data_centers: [DE, FR]", "data_centers: [DE, US]"))
        r = self.expect(EX_CONFIG, "policy", "check", good, bad, sup)
        self.assertEqual(len(r.lines), 2, r)
        self.assertTrue(r.lines[0].startswith(f"{good}: ok (policy "), r)
        self.assertTrue(r.lines[1].startswith(f"{sup}: ok (supplement for tenant acme"), r)
        self.assertRegex(r.err, r"\A" + re.escape(bad) + r":[0-9]+:[0-9]+: data center country "
                         r"US is outside the EU/EEA, where processing stays \(§8, §16\)\n\Z")
        # a missing file wins over a bad one
        r = self.expect(EX_NOINPUT, "policy", "check", good, bad, self.path("none.yaml"))
        self.assertIn("none.yaml", r.err)
        self.assertEqual(len(r.lines), 1, r)

    def test_check_refuses_loosening(self):
        head = "privpol-supplement: 1\ntenant: acme\nextends: dialonce-privacy-policy\n"
        cases = [
            ("compartmentalization:\n  clause: x\n  link_across_tenants: true\n",
             "4:1: a supplement may not change 'compartmentalization': it would loosen no "
             "linking across tenants (§7.7)"),
            ("partners:\n  - id: bpo\n    recipient: subcontractor\n    clause: x\n"
             "    purposes: [customer_analytics]\n    categories: [usage.journey]\n"
             "    country: CN\n",
             "10:14: partner 'bpo': transfer to CN, outside the EU/EEA, without an adequacy "
             "decision or a safeguard (§13.2, §16)"),
            ("purposes:\n  unmask:\n    clause: x\n    subjects: [end_user]\n"
             "    categories: [terminal.msisdn]\n    operations: [reveal]\n",
             "9:18: purposes.unmask: operation 'reveal' is denied to the processor "
             "(§7.2, §7.6)"),
            ("contract:\n  clause: c\n  period: P1Y\nretention:\n  - id: long\n"
             "    purposes: [customer_analytics]\n    categories: [usage.event]\n"
             "    basis: fixed\n    period: P2Y\n    clause: x\n",
             "12:13: retention rule 'long' keeps data for P2Y, beyond the contract's period "
             "P1Y (§10.1)"),
        ]
        for body, expected in cases:
            with self.subTest(expected=expected):
                p = self.write("sup.yaml", head + body)
                r = self.expect(EX_CONFIG, "policy", "check", p)
                self.assertEqual(r.err, f"{p}:{expected}\n", r)

    def test_check_supplement_on_given_policy(self):
        base = self.write("base.yaml", self.default_text().replace(
            "  allowed: true", "  allowed: false"))
        sup = self.write("acme.yaml", self.SUPPLEMENT)
        self.expect(EX_OK, "policy", "check", sup)
        r = self.expect(EX_CONFIG, "policy", "check", "--policy", base, sup)
        self.assertIn("does not allow supplements", r.err)
        r = self.expect(EX_NOINPUT, "policy", "check", "--policy", self.path("none"), sup)
        self.assertIn("none", r.err)

    def test_show_yaml_reads_back(self):
        r = self.expect(EX_OK, "policy", "show")
        self.assertEqual(r.err, "", r)
        self.assertTrue(r.out.startswith("# SPDX-License-Identifier: MIT\n"), r.out[:80])
        self.assertIn("\nprivpol-policy: 1\n", r.out)
        shown = self.write("shown.yaml", r.out)
        c = self.expect(EX_OK, "policy", "check", shown)
        self.assertTrue(self.OK_POLICY.match(c.lines[0]), c)
        again = self.expect(EX_OK, "policy", "show", "--policy", shown, "--format", "yaml")
        self.assertEqual(again.out, r.out)

    def test_show_json_is_valid(self):
        r = self.expect(EX_OK, "policy", "show", "--format", "json")
        tool = subprocess.run([sys.executable, "-m", "json.tool"], input=r.out.encode("utf-8"),
                              capture_output=True)
        self.assertEqual(tool.returncode, 0, tool.stderr)
        doc = self.json.loads(r.out)
        self.assertEqual(doc["privpol-policy"], 1)
        self.assertEqual(doc["id"], "dialonce-privacy-policy")
        self.assertEqual(len(doc["purposes"]), 12)
        self.assertEqual(doc["purposes"]["prospecting"]["objection"], "§11")
        self.assertFalse(doc["geolocation"]["precise"])
        self.assertIn("NO", doc["locations"]["eea"]["countries"])
        us = [d for d in doc["locations"]["adequacy"]["decisions"] if d["country"] == "US"]
        self.assertEqual(us[0]["from"], "2023-07-10")
        self.assertNotIn("tenant", doc)

    def test_show_supplement(self):
        sup = self.write("acme.yaml", self.SUPPLEMENT)
        r = self.expect(EX_OK, "policy", "show", "--supplement", sup, "-f", "json")
        doc = self.json.loads(r.out)
        self.assertEqual(doc["tenant"], "acme")
        self.assertEqual(doc["contract"], {"clause": "ACME DPA §9", "period": "P13M",
                                           "end": "2027-12-31"})
        self.assertTrue(doc["geolocation"]["imprecise"])
        self.assertEqual(doc["geolocation"]["enabled_by"], "ACME DPA annex 2 §3")
        self.assertEqual(doc["purposes"]["store_locator"]["role"], "processor")
        self.assertEqual(doc["partners"][0]["id"], "acme-crm")
        y = self.expect(EX_OK, "policy", "show", "--supplement", sup)
        self.assertIn("\ntenant: acme\n", y.out)
        merged = self.write("merged.yaml", y.out)
        c = self.expect(EX_OK, "policy", "check", merged)
        self.assertIn("13 purposes", c.out)
        j2 = self.expect(EX_OK, "policy", "show", "--policy", merged, "--format", "json")
        self.assertEqual(self.json.loads(j2.out), doc)

    def test_show_errors(self):
        bad = self.write("bad.yaml", "privpol-supplement: 1\ntenant: acme\n"
                                     "extends: dialonce-privacy-policy\nrights: {}\n")
        r = self.expect(EX_CONFIG, "policy", "show", "--supplement", bad)
        self.assertIn(f"{bad}:4:1: a supplement may not change 'rights'", r.err)
        self.assertEqual(r.out, "")
        r = self.expect(EX_NOINPUT, "policy", "show", "--supplement", self.path("none.yaml"))
        self.assertEqual(r.out, "")
        r = self.expect(EX_NOINPUT, "policy", "show", "--policy", self.path("none.yaml"))
        self.expect(EX_USAGE, "policy", "show", "--format", "xml")
        self.expect(EX_USAGE, "policy", "show", bad)

    def test_usage(self):
        for args in (("policy",), ("policy", "frobnicate"), ("policy", "check"),
                     ("policy", "check", "--no-such-option"), ("policy", "show", "--nope")):
            with self.subTest(args=args):
                self.assert_usage_error(self.expect(EX_USAGE, *args), "policy")
        for args in (("policy", "--help"), ("policy", "-h"), ("policy", "check", "--help"),
                     ("policy", "show", "-h")):
            with self.subTest(args=args):
                r = self.expect(EX_OK, *args)
                self.assertIn("usage: privpol policy check", r.out)
        r = self.expect(EX_OK, "--help")
        self.assertIn("policy", r.out)


class TestRetention(CliTest):
    """privpol retention: retain-until by the policy's rule (docs/retention.md)."""

    SUPPLEMENT = (
        "# SPDX-License-Identifier: MIT\n"
        "privpol-supplement: 1\n"
        "tenant: acme\n"
        "extends: dialonce-privacy-policy\n"
        "contract:\n"
        "  clause: \"ACME DPA §9\"\n"
        "  period: P13M\n"
        "  end: 2027-12-31\n")

    def until(self, *args):
        r = self.expect(EX_OK, "retention", *args)
        self.assertEqual(r.err, "", r)
        self.assertEqual(len(r.lines), 1, r)
        when, _, text = r.lines[0].partition("\t")
        self.assertRegex(when, r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\Z")
        return when, text

    def test_documented_dates(self):
        proc = ("-r", "processor", "-p", "interaction_digitization", "-c", "usage.event")
        when, text = self.until(*proc, "-t", "2025-01-31T10:00:00Z", "--contract-period", "P1M")
        self.assertEqual(when, "2025-02-28T10:00:00Z")
        self.assertIn("§10.1 (processor_contract)", text)
        when, text = self.until(*proc, "--collected", "2024-01-31T10:00:00Z",
                                "--contract-period", "P1M")
        self.assertEqual(when, "2024-02-29T10:00:00Z")
        when, text = self.until(*proc, "-t", "2025-03-01", "--contract-period", "P2Y",
                                "--contract-end", "2026-06-30")
        self.assertEqual(when, "2026-06-30T00:00:00Z")
        self.assertIn("capped at the contract's end", text)
        when, text = self.until("-r", "controller", "-p", "statistics", "-c", "cookie.id",
                                "-t", "2025-05-05T05:05:05Z")
        self.assertEqual(when, "2025-05-05T05:05:05Z")
        self.assertIn("anonymize", text)
        self.assertIn("§7.3", text)
        when, text = self.until("-r", "controller", "-p", "service_provision", "-c",
                                "contact.email", "-t", "2024-01-01",
                                "--relationship-end", "2026-09-30T17:00:00Z")
        self.assertEqual(when, "2026-09-30T17:00:00Z")
        self.assertIn("§10.2", text)
        when, text = self.until("-r", "processor", "-p", "interactive_interfaces", "-c",
                                "user_provided.free_text", "-t", "2025-08-31T09:00:00Z",
                                "--contract-period", "P6M")
        self.assertEqual(when, "2026-02-28T09:00:00Z")
        self.assertIn("§7.7", text)
        when, text = self.until("-r", "processor", "-p", "interactive_interfaces", "-c",
                                "user_provided.free_text", "-t", "2025-08-31T09:00:00Z",
                                "--contract-period", "P6M", "--changed-at", "2025-10-01")
        self.assertEqual(when, "2025-10-01T00:00:00Z")
        when, text = self.until("-r", "controller", "-p", "prospecting", "-c",
                                "contact.email", "-t", "2025-01-01",
                                "--legal-hold-until", "2030-06-30")
        self.assertEqual(when, "2030-06-30T00:00:00Z")
        self.assertIn("legal hold until 2030-06-30T00:00:00Z (§15)", text)
        when, text = self.until("-r", "controller", "-p", "audience_analytics", "-c",
                                "cookie.id", "-t", "2025-01-31")
        self.assertEqual(when, "2026-02-28T00:00:00Z")

    def test_supplement_terms(self):
        sup = self.path("acme.yaml")
        with open(sup, "w", encoding="utf-8") as f:
            f.write(self.SUPPLEMENT)
        when, text = self.until("-r", "processor", "-p", "interaction_digitization", "-c",
                                "usage.event", "-t", "2025-01-31T12:00:00Z",
                                "--supplement", sup)
        self.assertEqual(when, "2026-02-28T12:00:00Z")
        self.assertIn("ACME DPA §9", text)
        when, _ = self.until("-r", "processor", "-p", "interaction_digitization", "-c",
                             "usage.event", "-t", "2027-06-01", "-s", sup)
        self.assertEqual(when, "2027-12-31T00:00:00Z")

    def test_missing_terms(self):
        for args in (("-r", "processor", "-p", "interaction_digitization", "-c",
                      "usage.event", "-t", "2025-01-01"),
                     ("-r", "processor", "-p", "interaction_digitization", "-c",
                      "usage.event", "-t", "2025-01-01", "--contract-end", "2026-01-01"),
                     ("-r", "controller", "-p", "user_support", "-c", "contact.phone",
                      "-t", "2025-01-01")):
            with self.subTest(args=args):
                r = self.expect(EX_DATAERR, "retention", *args)
                self.assertEqual(r.out, "", r)
                self.assertIn("contract terms missing", r.err)

    def test_bad_input(self):
        base = ("-r", "controller", "-p", "prospecting", "-c", "contact.email")
        for args in ((), base, base + ("-t", "2025-13-01"),
                     ("-r", "boss", "-p", "prospecting", "-c", "contact.email", "-t", "2025-01-01"),
                     ("-r", "processor", "-p", "prospecting", "-c", "contact.email", "-t", "2025-01-01"),
                     ("-r", "controller", "-p", "prospecting", "-c", "cookie.id", "-t", "2025-01-01"),
                     ("-r", "controller", "-p", "prospecting", "-c", "nope", "-t", "2025-01-01"),
                     base + ("-t", "2025-01-01", "--contract-period", "13M"),
                     base + ("-t", "2025-01-01", "extra"),
                     base + ("-t", "9998-06-01")):
            with self.subTest(args=args):
                r = self.expect(EX_USAGE, "retention", *args)
                self.assertEqual(r.out, "", r)
                self.assertIn("privpol retention", r.err)
        r = self.expect(EX_NOINPUT, "retention", *base, "-t", "2025-01-01", "--policy",
                        self.path("missing.yaml"))
        self.assertEqual(r.out, "")

    def test_help(self):
        for opt in ("--help", "-h"):
            r = self.expect(EX_OK, "retention", opt)
            self.assertIn("usage: privpol retention --role R", r.out)
            self.assertIn("65", r.out)
        self.assertIn("retention", self.expect(EX_OK, "--help").out)


class TestCombine(CliTest):
    """privpol combine: the join of levels and the policy's rules (docs/taint.md)."""

    def combine(self, *args):
        r = self.expect(EX_OK, "combine", *args)
        self.assertEqual(r.err, "", r)
        self.assertEqual(len(r.lines), 1, r)
        level, _, rule = r.lines[0].partition("\t")
        return level, rule

    def test_cases(self):
        cases = [
            (("personal", "non_identifiable"), "personal", "personal_if_combined (§7.8)"),
            (("non_identifiable.statistic", "contact.email"), "personal",
             "personal_if_combined (§7.8)"),
            (("--key", "terminal.user_agent"), "personal", "reidentification (§7.6)"),
            (("terminal.user_agent",), "pseudonymous", "terminal.user_agent (§12.2)"),
            (("connection.timestamp", "usage.event"), "pseudonymous",
             "timestamped_interaction (§7.8, §7.6)"),
            (("connection.timestamp",), "non_identifiable", "connection.timestamp (§12.1, §12.2)"),
            (("terminal.user_agent", "connection.timestamp", "geolocation.imprecise"),
             "personal", "located_browser (§7.8)"),
            (("non_identifiable", "non_identifiable"), "non_identifiable",
             "combined_level (§7.8)"),
            (("pseudonymous", "terminal.device_type"), "pseudonymous", "combined_level (§7.8)"),
        ]
        for args, level, rule in cases:
            with self.subTest(args=args):
                self.assertEqual(self.combine(*args), (level, rule))

    def test_bad_input(self):
        for args in ((), ("Personal",), ("contact.email", "nope"), ("--no-such",)):
            with self.subTest(args=args):
                r = self.expect(EX_USAGE, "combine", *args)
                self.assertEqual(r.out, "", r)
                self.assertIn("privpol combine", r.err)
                if args == ("--no-such",):
                    self.assert_usage_error(r, "combine")

    def test_help(self):
        r = self.expect(EX_OK, "combine", "--help")
        self.assertIn("usage: privpol combine", r.out)
        self.assertIn("combine", self.expect(EX_OK, "--help").out)


class TestDecide(CliTest):
    """privpol decide: allow or deny, the clause and the reason (docs/decisions.md)."""

    ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
    ACME = os.path.join(ROOT, "tests", "policy", "acme-supplement.yaml")
    PROSPECT = ("--role", "controller", "--purpose", "prospecting", "--operation", "use",
                "--category", "contact.email")

    def decide(self, rc, *args):
        r = self.expect(rc, "decide", *args)
        if rc in (0, 1):
            self.assertEqual(len(r.lines), 1, r)
            fields = r.lines[0].split("\t")
            self.assertEqual(len(fields), 3, r)
            self.assertEqual(fields[0], "allow" if rc == 0 else "deny", r)
            self.assertNotEqual(fields[2], "", r)
            return fields
        self.assertEqual(r.out, "", r)
        self.assertIn("privpol decide", r.err, r)
        return r

    def test_help(self):
        r = self.expect(EX_OK, "decide", "--help")
        self.assertIn("--recipient-tenant", r.out)
        self.assertIn("Exit 0 for allow, 1 for deny", r.out.replace("\n", " "))
        r = self.expect(EX_OK, "--help")
        self.assertIn("decide", r.out)

    def test_allow_and_deny(self):
        f = self.decide(EX_OK, *self.PROSPECT, "--subject", "prospect")
        self.assertEqual(f[1], "§9.1")
        f = self.decide(1, *self.PROSPECT, "--objection", "prospecting")
        self.assertEqual(f[1], "§11")
        f = self.decide(1, *self.PROSPECT, "--erasure-requested")
        self.assertEqual(f[1], "§11")
        f = self.decide(EX_OK, "--role", "controller", "--purpose", "prospecting",
                        "--operation", "erase", "--category", "contact.email,identity.name",
                        "--erasure-requested", "--objection", "prospecting")
        self.assertEqual(f[1], "§9.1")
        f = self.decide(1, "--role", "processor", "--tenant", "acme", "--purpose",
                        "interactive_interfaces", "--operation", "reveal", "--category",
                        "connection.ip_address", "--identifiability", "pseudonymous")
        self.assertEqual(f[1], "§7.2, §7.6")

    def test_geolocation_needs_a_supplement(self):
        args = ("--role", "processor", "--tenant", "acme", "--purpose", "store_locator",
                "--operation", "collect", "--category", "geolocation.imprecise")
        # store_locator is the supplement's purpose: unknown to the default policy
        self.decide(EX_USAGE, *args)
        f = self.decide(EX_OK, *args, "--supplement", self.ACME)
        self.assertEqual(f[1], "ACME DPA annex 2 §3")
        f = self.decide(1, "--role", "processor", "--tenant", "acme", "--purpose",
                        "interactive_interfaces", "--operation", "collect", "--category",
                        "geolocation.imprecise")
        self.assertEqual(f[1], "§12.3")
        f = self.decide(1, *args[:3], "globex", *args[4:], "--supplement", self.ACME)
        self.assertEqual(f[1], "§7.5")

    def test_tenants_and_recipients(self):
        base = ("--role", "processor", "--tenant", "acme", "--purpose", "customer_analytics",
                "--operation", "transfer", "--category", "usage.journey")
        f = self.decide(EX_OK, *base, "--recipient", "customer")
        self.assertEqual(f[1], "§13.1.2")
        f = self.decide(1, *base, "--recipient", "customer", "--recipient-tenant", "globex")
        self.assertEqual(f[1], "§13.1.2")
        f = self.decide(1, "--role", "processor", "--tenant", "acme", "--recipient-tenant",
                        "globex", "--purpose", "interaction_digitization", "--operation",
                        "link", "--category", "usage.event")
        self.assertEqual(f[1], "§7.7")
        # internal staff get at most pseudonymous processor data: the level is computed
        # from the categories and their states; the caller may only raise it
        f = self.decide(EX_OK, *base, "--recipient", "internal_staff", "--need-to-know")
        self.assertEqual(f[1], "§13.1.2")
        f = self.decide(1, *base, "--recipient", "internal_staff", "--need-to-know",
                        "--identifiability", "personal")
        self.assertEqual(f[1], "§13.1.2")
        ip = ("--role", "processor", "--tenant", "acme", "--purpose",
              "interaction_digitization", "--operation", "use", "--category",
              "connection.ip_address", "--recipient", "internal_staff", "--need-to-know")
        f = self.decide(1, *ip, "--identifiability", "pseudonymous")  # a claim lowers nothing
        self.assertEqual(f[1], "§13.1.2")
        f = self.decide(EX_OK, *ip, "--state", "pseudonymized")
        self.assertEqual(f[1], "§13.1.2")
        f = self.decide(1, "--role", "controller", "--purpose", "service_provision",
                        "--operation", "transfer", "--category", "identity.name",
                        "--recipient", "authority")
        self.assertEqual(f[1], "§14.4")
        f = self.decide(EX_OK, "--role", "controller", "--purpose", "user_support",
                        "--operation", "transfer", "--category", "contact.email",
                        "--recipient", "consented_third_party", "--consent")
        self.assertEqual(f[1], "§14.1")
        f = self.decide(EX_OK, *base, "--partner", "acme-crm", "--supplement", self.ACME)
        self.assertEqual(f[1], "GDPR Art. 46(2)(c), §13.2")
        f = self.decide(1, *base[:-1], "usage.event", "--partner", "acme-crm",
                        "--supplement", self.ACME)
        self.assertEqual(f[1], "§13.1, §7.7")

    def test_reuse_of_processor_data(self):
        args = ("--role", "controller", "--data-role", "processor", "--tenant", "acme",
                "--purpose", "statistics", "--operation", "analyze", "--category",
                "terminal.device_type")
        f = self.decide(EX_OK, *args)  # device types are non-identifiable (§7.8)
        self.assertEqual(f[1], "§7.8")
        f = self.decide(1, *args, "--identifiability", "pseudonymous")
        self.assertEqual(f[1], "§7.8")
        # processor MSISDNs in clear are personal whatever the request claims
        f = self.decide(1, "--role", "controller", "--data-role", "processor", "--tenant",
                        "acme", "--purpose", "prospecting", "--operation", "use",
                        "--category", "terminal.msisdn", "--identifiability",
                        "non_identifiable")
        self.assertEqual(f[1], "§7.8")
        ts = args[:-1] + ("connection.timestamp,usage.event",)
        f = self.decide(1, *ts)  # a timestamped interaction is pseudonymous
        self.assertEqual(f[1], "§7.8")
        f = self.decide(EX_OK, *ts, "--state", "generalized,clear")
        self.assertEqual(f[1], "§7.8")
        self.decide(64, *ts, "--state", "generalized,clear,clear")
        self.decide(64, *ts, "--state", "secret")

    def test_transfers_are_dated(self):
        base = ("--role", "controller", "--purpose", "service_provision", "--operation",
                "transfer", "--category", "identity.name", "--recipient", "authority",
                "--legal-requirement")
        f = self.decide(EX_OK, *base, "--country", "gb", "--at", "2031-12-26")
        self.assertEqual(f[1], "GDPR Art. 45")
        f = self.decide(1, *base, "--country", "GB", "--at", "2031-12-27T00:00:00Z")
        self.assertEqual(f[1], "§13.2, §16")
        f = self.decide(1, *base, "--country", "US", "--at", "2026-03-01")
        self.assertEqual(f[1], "§13.2, §16")
        f = self.decide(EX_OK, *base, "--country", "US", "--at", "2026-03-01",
                        "--adequacy-covered")
        self.assertEqual(f[1], "GDPR Art. 45")
        f = self.decide(EX_OK, *base, "--country", "CN", "--safeguard", "bcr")
        self.assertEqual(f[1], "GDPR Art. 47, §13.2")
        f = self.decide(1, "--role", "controller", "--purpose", "service_provision",
                        "--operation", "use", "--category", "contact.email", "--country",
                        "CN")
        self.assertEqual(f[1], "§8, §16")

    def test_usage_and_config_errors(self):
        self.decide(EX_USAGE)
        self.decide(EX_USAGE, "--purpose", "prospecting", "--operation", "use",
                    "--category", "contact.email")
        self.decide(EX_USAGE, *self.PROSPECT[:-1], "contact.emial")
        self.decide(EX_USAGE, *self.PROSPECT, "--role", "owner")
        self.decide(EX_USAGE, "--role", "controller", "--purpose", "nope", "--operation",
                    "use", "--category", "contact.email")
        self.decide(EX_USAGE, *self.PROSPECT, "--objection", "nope")
        self.decide(EX_USAGE, *self.PROSPECT, "--country", "XX")
        self.decide(EX_USAGE, *self.PROSPECT, "--country", "DEU")
        self.decide(EX_USAGE, *self.PROSPECT, "--identifiability", "anonymous")
        self.decide(EX_USAGE, *self.PROSPECT, "--at", "yesterday")
        self.decide(EX_USAGE, *self.PROSPECT, "--partner", "nope")
        self.decide(EX_USAGE, *self.PROSPECT, "extra")
        self.decide(EX_USAGE, "--role", "processor", "--purpose", "customer_analytics",
                    "--operation", "use", "--category", "usage.event")
        self.decide(EX_USAGE, "--role", "controller", "--purpose", "prospecting",
                    "--operation", "transfer", "--category", "contact.email")
        self.decide(EX_USAGE, "--role", "processor", "--data-role", "controller",
                    "--tenant", "acme", "--purpose", "customer_analytics", "--operation",
                    "use", "--category", "usage.event")
        self.decide(EX_NOINPUT, *self.PROSPECT, "--policy", self.path("missing.yaml"))
        bad = self.path("bad.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("privpol-policy: 1\nid: x\n")
        self.decide(EX_CONFIG, *self.PROSPECT, "--policy", bad)
        self.decide(EX_CONFIG, *self.PROSPECT, "--supplement", bad)


class TestRopa(CliTest):
    """privpol ropa: the record of processing activities (GDPR Art. 30, docs/ropa.md)."""

    import html
    import html.parser
    import json

    SUPPLEMENT = (
        "# SPDX-License-Identifier: MIT\n"
        "privpol-supplement: 1\n"
        "tenant: acme\n"
        "extends: dialonce-privacy-policy\n"
        "reference: \"ACME <DPA> & 'annex' | 2\"\n"
        "contract:\n"
        "  clause: \"ACME DPA §9\"\n"
        "  period: P13M\n"
        "  end: 2027-12-31\n"
        "purposes:\n"
        "  store_locator:\n"
        "    clause: \"ACME DPA annex 1 §2\"\n"
        "    description: \"Find a <script>alert('x')</script> store | near & you\"\n"
        "    subjects: [end_user]\n"
        "    categories: [connection.timestamp, usage.journey]\n"
        "partners:\n"
        "  - id: acme-crm\n"
        "    name: \"ACME CRM <b>\"\n"
        "    recipient: subcontractor\n"
        "    clause: \"ACME DPA annex 3\"\n"
        "    purposes: [customer_analytics]\n"
        "    categories: [usage.journey]\n"
        "    country: US\n"
        "    safeguard: scc\n")

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    class Checker(html.parser.HTMLParser):
        """Balanced tags (a stack of open elements, void elements excluded), the tags
        seen, the declarations, and the text content."""

        def __init__(self, void):
            super().__init__(convert_charrefs=True)
            self.void, self.stack, self.errors = void, [], []
            self.tags, self.decls, self.text = [], [], []
            self.title = ""

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            if tag not in self.void:
                self.stack.append((tag, self.getpos()))

        def handle_startendtag(self, tag, attrs):
            self.tags.append(tag)
            if tag not in self.void:
                self.errors.append(f"self-closing <{tag}/> at {self.getpos()}")

        def handle_endtag(self, tag):
            if tag in self.void:
                self.errors.append(f"end tag of void <{tag}> at {self.getpos()}")
            elif not self.stack or self.stack[-1][0] != tag:
                self.errors.append(f"</{tag}> at {self.getpos()} closes "
                                   f"{self.stack[-1] if self.stack else 'nothing'}")
            else:
                self.stack.pop()

        def handle_decl(self, decl):
            self.decls.append(decl)

        def handle_data(self, data):
            if self.stack and self.stack[-1][0] == "title":
                self.title += data
            self.text.append(data)

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def ropa(self, *args):
        r = self.expect(EX_OK, "ropa", *args)
        self.assertEqual(r.err, "", r)
        self.assertTrue(r.out.endswith("\n"), r.out[-80:])
        return r.out

    def parse_html(self, page):
        c = self.Checker(self.VOID)
        c.feed(page)
        c.close()
        self.assertEqual(c.errors, [])
        self.assertEqual(c.stack, [], "elements left open")
        return c

    def purposes(self, *args):
        r = self.expect(EX_OK, "policy", "show", "--format", "json", *args)
        return self.json.loads(r.out)["purposes"]

    def clauses(self, purpose):
        return [purpose[k] for k in ("clause", "objection", "anonymize") if k in purpose]

    def check_md_tables(self, md):
        """Every row of a pipe table has as many cells as its header (escaped '|' and
        code spans included)."""
        width = None
        for n, line in enumerate(md.split("\n"), 1):
            if not line.startswith("|"):
                width = None
                continue
            cells = len(re.findall(r"(?<!\\)\|", line)) - 1
            if width is None:
                width = cells
            self.assertEqual(cells, width, f"line {n}: {line}")

    def test_markdown_cites_every_purpose(self):
        md = self.ropa()
        self.assertEqual(md, self.ropa("--format", "md"))
        self.assertTrue(md.startswith("# Record of processing activities\n\n"), md[:80])
        self.assertFalse(md.endswith("\n\n"))
        purposes = self.purposes()
        self.assertEqual(len(purposes), 12)
        for pid, p in purposes.items():
            with self.subTest(purpose=pid):
                self.assertIn(f"#### `{pid}` ({p['clause']})\n", md)
                for clause in self.clauses(p):
                    self.assertIn(f"({clause})", md)
        # controller purposes come first, then the processor's
        self.assertLess(md.index("`prospecting`"), md.index("### 3.2 As processor"))
        self.assertLess(md.index("### 3.2 As processor"), md.index("#### `customer_analytics`"))
        for text in ("Dial-Once", "dpo@dial-once.com", "`dpv-pd:IPAddress`",
                     "`user.device.ip_address`", "`P13M` from collection (§17, §15)",
                     "contract period from collection, never beyond the contract's end "
                     "(§10.1)", "2023-07-10", "2031-12-27", "CNIL (FR)",
                     "Answer within `P1M` of receipt, extendable by `P2M` "
                     "(§11, GDPR Art. 12(3))", "## 9. Security measures (§15)",
                     "### Compartmentalization (§7.7)", "`timestamped_interaction` (§7.8, §7.6)",
                     "data centres in DE, FR (§8, §16)",
                     "Geolocation: not collected, neither precise nor imprecise (§12.3)"):
            self.assertIn(text, md)
        self.check_md_tables(md)

    def test_html_is_a_balanced_page(self):
        page = self.ropa("--format", "html")
        self.assertTrue(page.startswith("<!DOCTYPE html>\n"), page[:40])
        c = self.parse_html(page)
        self.assertEqual([d.lower() for d in c.decls], ["doctype html"])
        self.assertIn('<meta charset="utf-8">', page)
        self.assertIn("Record of processing activities", c.title)
        self.assertEqual(c.tags[:2], ["html", "head"])
        self.assertIn("style", c.tags)
        for tag in ("script", "link", "img", "iframe"):
            self.assertNotIn(tag, c.tags)
        self.assertNotIn("http://", page)
        text = "".join(c.text)
        for pid, p in self.purposes().items():
            with self.subTest(purpose=pid):
                self.assertIn(pid, text)
                for clause in self.clauses(p):
                    self.assertIn(f"({clause})", text)
        self.assertGreater(c.tags.count("table"), 10)

    def test_supplement_is_escaped_and_shown(self):
        sup = self.write("acme.yaml", self.SUPPLEMENT)
        page = self.ropa("--supplement", sup, "--format", "html")
        c = self.parse_html(page)
        self.assertNotIn("script", c.tags)
        self.assertNotIn("b", c.tags)
        self.assertNotIn("<script>", page)
        self.assertNotIn("<DPA>", page)
        self.assertIn("Find a &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; store | near "
                      "&amp; you", page)
        self.assertIn("ACME &lt;DPA&gt; &amp; &#39;annex&#39; | 2", page)
        self.assertIn("ACME CRM &lt;b&gt;", page)
        text = "".join(c.text)
        self.assertIn("Find a <script>alert('x')</script> store | near & you", text)
        self.assertIn("customer acme", c.title)
        for pid, p in self.purposes("--supplement", sup).items():
            with self.subTest(purpose=pid):
                self.assertIn(pid, text)
                for clause in self.clauses(p):
                    self.assertIn(f"({clause})", text)
        self.assertIn("As processor, on behalf of customer acme", text)
        self.assertIn("retention period P13M, ends 2027-12-31 (ACME DPA §9)", text)
        self.assertIn("acme-crm in US: safeguard scc (GDPR Art. 46(2)(c), §13.2)", text)

        md = self.ropa("--supplement", sup)
        self.assertIn("| Customer (tenant) | `acme`, ACME \\<DPA\\> \\& 'annex' \\| 2 |", md)
        self.assertIn("Find a \\<script\\>alert('x')\\</script\\> store \\| near \\& you", md)
        self.assertIn("#### `store_locator` (ACME DPA annex 1 §2)", md)
        self.assertIn("### 3.2 As processor, on behalf of customer `acme`", md)
        self.assertIn("| Added by | the supplement of customer `acme` |", md)
        self.assertNotIn("<script>", md)
        self.check_md_tables(md)
        # the default record names no tenant
        self.assertNotIn("acme", self.ropa())

    def test_output_file(self):
        for fmt in ("md", "html"):
            with self.subTest(format=fmt):
                out = self.path(f"ropa.{fmt}")
                r = self.expect(EX_OK, "ropa", "--format", fmt, "-o", out)
                self.assertEqual((r.out, r.err), ("", ""))
                with open(out, encoding="utf-8") as f:
                    self.assertEqual(f.read(), self.ropa("-f", fmt))
        r = self.expect(EX_OK, "ropa", "--output", "-")
        self.assertTrue(r.out.startswith("# Record"))

    def test_errors(self):
        bad = self.write("bad.yaml", "privpol-policy: 1\nid: x\n")
        badsup = self.write("badsup.yaml", "privpol-supplement: 1\ntenant: acme\n"
                                           "extends: dialonce-privacy-policy\nrights: {}\n")
        out = self.path("never.md")
        cases = [
            (EX_USAGE, ("--format", "pdf")),
            (EX_USAGE, ("--no-such-option",)),
            (EX_USAGE, ("extra",)),
            (EX_NOINPUT, ("--policy", self.path("none.yaml"), "-o", out)),
            (EX_NOINPUT, ("--supplement", self.path("none.yaml"))),
            (EX_CONFIG, ("--policy", bad, "-o", out)),
            (EX_CONFIG, ("--supplement", badsup)),
            (EX_CANTCREAT, ("-o", self.path("no/such/dir/ropa.md"))),
        ]
        for rc, args in cases:
            with self.subTest(args=args):
                r = self.expect(rc, "ropa", *args)
                self.assertEqual(r.out, "", r)
                self.assertIn("privpol ropa", r.err)
                if rc == EX_USAGE and args[0] == "--no-such-option":
                    self.assert_usage_error(r, "ropa")
        self.assertFalse(os.path.exists(out), "a bad policy left an output file")
        if os.path.exists("/dev/full"):
            r = self.expect(EX_IOERR, "ropa", "-f", "html", "-o", "/dev/full")
            self.assertIn("cannot write", r.err)
            with open("/dev/full", "wb") as full:
                r = self.run_tool("ropa", stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)

    def test_help(self):
        r = self.expect(EX_OK, "ropa", "--help")
        self.assertIn("usage: privpol ropa [--format md|html]", r.out)
        self.assertIn("ropa", self.expect(EX_OK, "--help").out)


class TestCategories(CliTest):
    """privpol categories: the registry, as a table or JSON lines."""

    KNOWN = (EMAIL, IP, MSISDN, PHONE, "identity.name", "connection.timestamp",
             "usage.event", "usage.journey", "unknown")

    def json_rows(self):
        r = self.expect(EX_OK, "categories", "--json")
        self.assertEqual(r.err, "", r)
        rows = [json.loads(line) for line in r.lines]
        for row in rows:
            self.assertEqual(list(row), ["id", "clause", "identifiability", "normalizer",
                                         "fideslang", "dpv"], row)
            self.assertTrue(all(isinstance(v, str) for v in row.values()), row)
        return rows

    def test_table(self):
        r = self.expect(EX_OK, "categories")
        self.assertEqual(r.err, "", r)
        head, *rows = r.lines
        self.assertEqual(head.split(), ["ID", "§", "IDENTIFIABILITY", "NORMALIZER",
                                        "FIDESLANG", "DPV"])
        ids = [line.split()[0] for line in rows]
        self.assertEqual(ids, [row["id"] for row in self.json_rows()])
        self.assertEqual(len(ids), len(set(ids)))
        for known in self.KNOWN:
            self.assertIn(known, ids)
        # aligned: every column starts at the same character in every line
        starts = [m.start() for m in re.finditer(r"\S+", head)]
        for line in rows:
            for col in starts[1:]:
                self.assertEqual(line[col - 2:col], "  ", (line, col))
                self.assertNotEqual(line[col], " ", (line, col))
        email = next(line for line in rows if line.split()[0] == EMAIL)
        row = next(row for row in self.json_rows() if row["id"] == EMAIL)
        self.assertIn(row["clause"], email)
        self.assertIn("dpv-pd:EmailAddress", email)
        self.assertIn("personal", email)
        self.assertIn("user.contact.email", email)

    def test_json(self):
        rows = self.json_rows()
        self.assertGreaterEqual(len(rows), len(self.KNOWN))
        by_id = {row["id"]: row for row in rows}
        for known in self.KNOWN:
            self.assertIn(known, by_id)
        email = by_id[EMAIL]
        self.assertRegex(email["clause"], r"^[0-9]+(\.[0-9]+)?(, [0-9]+(\.[0-9]+)?)*$")
        self.assertEqual(email["dpv"], "dpv-pd:EmailAddress")
        self.assertEqual(email["identifiability"], "personal")
        self.assertEqual(email["normalizer"], "email")
        self.assertEqual(by_id[IP]["dpv"], "dpv-pd:IPAddress")
        self.assertEqual(by_id["unknown"]["dpv"], "")
        for row in rows:
            self.assertIn(row["identifiability"],
                          ("personal", "pseudonymous", "non_identifiable"), row)
            self.assertNotEqual(row["normalizer"], "", row)
            self.assertTrue(row["dpv"] == "" or row["dpv"].startswith("dpv"), row)

    def test_usage(self):
        r = self.expect(EX_OK, "categories", "--help")
        self.assertIn("usage: privpol categories [--json]", r.out)
        self.assertIn("categories", self.expect(EX_OK, "--help").out)
        self.assert_usage_error(self.expect(EX_USAGE, "categories", "--table"),
                                "categories")
        self.assert_usage_error(self.expect(EX_USAGE, "categories", "x"), "categories")


def main():
    global PRIVPOL
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.stderr.write("usage: test-cli.py PRIVPOL_EXE [unittest options]\n")
        return 2
    PRIVPOL = os.path.abspath(sys.argv[1])
    if not os.access(PRIVPOL, os.X_OK):
        sys.stderr.write(f"test-cli.py: {PRIVPOL} is not an executable\n")
        return 2
    del sys.argv[1]
    prog = unittest.main(exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
