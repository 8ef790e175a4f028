#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `privpol seal` and `privpol unseal` (docs/seal.md).

Usage: test-unseal.py PRIVPOL_EXE [unittest options]

`privpol seal` writes reject records in the format `privpol scrub` writes; the tests seal
lines, unseal them and compare byte for byte, then damage the records (tampered text,
changed line, part or final, missing, reordered or interleaved parts, malformed JSON,
another key) and check that the whole line is left out, exit status 65, and that no
message, and no rejects file, ever holds the line in clear.
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
WRAPPER = shlex.split(os.environ.get("PRIVPOL_CLI_WRAPPER", ""))

EX_OK, EX_USAGE, EX_DATAERR, EX_NOINPUT = 0, 64, 65, 66
EX_CANTCREAT, EX_IOERR, EX_NOPERM, EX_CONFIG = 73, 74, 77, 78

SEALED = re.compile(r"^ps1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$")
KEYS = ["line", "part", "final", "reason", "sealed"]
SECRET = b"Julie Martin, +33 6 12 34 56 78, julie@example.fr, FR7630006000011234567890189"


class Result:
    def __init__(self, args, proc):
        self.args = args
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr.decode("utf-8", "replace")

    def __repr__(self):
        return (f"privpol {' '.join(map(str, self.args))}\n  exit {self.rc}\n"
                f"  stdout: {self.out[:300]!r}\n  stderr: {self.err!r}")


class SealTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="privpol-unseal-")
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name
        self.key = self.keygen("key")

    # -- helpers ---------------------------------------------------------------------

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_tool(self, *args, stdin=b"", stdout=subprocess.PIPE):
        proc = subprocess.run([*WRAPPER, PRIVPOL, *args], input=stdin, stdout=stdout,
                              stderr=subprocess.PIPE, cwd=self.dir, timeout=120)
        if proc.stdout is None:
            proc.stdout = b""
        return Result(args, proc)

    def expect(self, rc, *args, stdin=b""):
        r = self.run_tool(*args, stdin=stdin)
        self.assertEqual(r.rc, rc, r)
        return r

    def keygen(self, name):
        p = self.path(name)
        self.expect(EX_OK, "keygen", "-o", p)
        return p

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def seal(self, data, line, *extra, key=None):
        """The reject records (bytes) of one line."""
        r = self.expect(EX_OK, "seal", "-k", key or self.key, "--line", str(line), *extra,
                        stdin=data)
        self.assertEqual(r.err, "", r)
        return r.out

    def records(self, out):
        """Parsed records, checking the fixed format of each."""
        recs = []
        self.assertTrue(out.endswith(b"\n"), out[-50:])
        for text in out.decode("ascii").split("\n")[:-1]:
            rec = json.loads(text)
            self.assertEqual(list(rec), KEYS, text)
            self.assertRegex(rec["sealed"], SEALED)
            recs.append(rec)
        return recs

    @staticmethod
    def dump(recs):
        return "".join(json.dumps(r, separators=(",", ":")) + "\n"
                       for r in recs).encode("ascii")

    def unseal(self, rejects, rc=EX_OK, *extra):
        """Unseal rejects (bytes) from standard input."""
        r = self.run_tool("unseal", "-k", self.key, *extra, stdin=rejects)
        self.assertEqual(r.rc, rc, r)
        self.assert_no_secret(r.err)
        return r

    def assert_no_secret(self, text, secret=SECRET):
        if isinstance(text, str):
            text = text.encode("utf-8")
        for i in range(0, max(1, len(secret) - 7)):
            self.assertNotIn(secret[i:i + 8], text, "a piece of the line in clear")

    # -- round trips -----------------------------------------------------------------

    def test_one_line_round_trip(self):
        out = self.seal(SECRET + b"\n", 7)
        recs = self.records(out)
        self.assertEqual(len(recs), 1)
        self.assertEqual(recs[0]["line"], 7)
        self.assertEqual(recs[0]["part"], 1)
        self.assertIs(recs[0]["final"], True)
        self.assert_no_secret(out)
        r = self.unseal(out)
        self.assertEqual(r.out, SECRET + b"\n")
        self.assertEqual(r.err, "")

    def test_bytes_are_kept_exactly(self):
        data = bytes(range(256)).replace(b"\n", b"") + b"\r\x00\xff caf\xc3\xa9"
        out = self.seal(data, 1)  # no line feed at the end: nothing to remove
        self.assertEqual(self.unseal(out).out, data + b"\n")
        # Only one final line feed is removed.
        out = self.seal(b"two\n\n", 2)
        self.assertEqual(self.unseal(out).out, b"two\n\n")

    def test_empty_line(self):
        for data in (b"", b"\n"):
            out = self.seal(data, 3)
            recs = self.records(out)
            self.assertEqual([(r["part"], r["final"]) for r in recs], [(1, True)])
            self.assertEqual(self.unseal(out).out, b"\n")

    def test_three_parts(self):
        data = SECRET[:25]
        out = self.seal(data, 12, "--part-size", "10")
        recs = self.records(out)
        self.assertEqual([(r["line"], r["part"], r["final"]) for r in recs],
                         [(12, 1, False), (12, 2, False), (12, 3, True)])
        self.assert_no_secret(out, data)
        self.assertEqual(self.unseal(out).out, data + b"\n")
        # A length that is a multiple of the part size has no empty last part.
        out = self.seal(SECRET[:20], 4, "--part-size", "10")
        self.assertEqual([r["final"] for r in self.records(out)], [False, True])
        self.assertEqual(self.unseal(out).out, SECRET[:20] + b"\n")

    def test_large_line_default_parts(self):
        data = os.urandom(3 * 1024 * 1024 + 5).replace(b"\n", b" ")
        out = self.seal(data, 1)
        recs = self.records(out)
        self.assertEqual([r["part"] for r in recs], [1, 2, 3, 4])
        self.assertEqual(self.unseal(out).out, data + b"\n")

    def test_several_lines_and_files(self):
        lines = [b"first " + SECRET, b"second", b"third " + SECRET[::-1]]
        recs = b"".join(self.seal(l, i + 1, "--part-size", "7") for i, l in enumerate(lines))
        self.assertEqual(self.unseal(recs).out, b"".join(l + b"\n" for l in lines))
        a = self.write("a.jsonl", self.seal(lines[0], 1))
        b = self.write("b.jsonl", self.seal(lines[1], 1) + b"\n  \n")  # blank lines pass
        r = self.expect(EX_OK, "unseal", "-k", self.key, a, b, "-")
        self.assertEqual(r.out, lines[0] + b"\n" + lines[1] + b"\n")

    def test_random_nonce(self):
        a, b = self.seal(SECRET, 1), self.seal(SECRET, 1)
        self.assertNotEqual(a, b)
        self.assertEqual(self.unseal(a).out, self.unseal(b).out)

    def test_extra_keys_are_ignored(self):
        rec = self.records(self.seal(SECRET, 5))[0]
        text = ('{"line":5,"part":1,"final":true,"reason":"bad \\"json\\" \\u00e9",'
                '"column":17,"detail":{"a":[1,-2.5e3,{"b":null}],"c":false},'
                f'"sealed":"{rec["sealed"]}","after":"x"}}\n')
        self.assertEqual(self.unseal(text.encode()).out, SECRET + b"\n")
        spaced = (f'{{ "line" : 5 , "part" : 1 , "final" : true , "reason" : "" , '
                  f'"sealed" : "{rec["sealed"]}" }}\r\n')
        self.assertEqual(self.unseal(spaced.encode()).out, SECRET + b"\n")

    def test_after_rotation(self):
        out = self.seal(SECRET, 1)
        self.expect(EX_OK, "keygen", "--rotate", self.key, "--from", "2000-01-01")
        new = self.records(self.seal(SECRET, 2))[0]["sealed"]
        self.assertNotEqual(new[4:12], self.records(out)[0]["sealed"][4:12])
        self.assertEqual(self.unseal(out).out, SECRET + b"\n")

    def test_output_file(self):
        out = self.write("r.jsonl", self.seal(SECRET, 1))
        dest = self.path("lines.txt")
        r = self.expect(EX_OK, "unseal", "-k", self.key, "-o", dest, out)
        self.assertEqual(r.out, b"")
        with open(dest, "rb") as f:
            self.assertEqual(f.read(), SECRET + b"\n")
        self.assertEqual(stat.S_IMODE(os.stat(dest).st_mode), 0o600)
        sealed = self.path("sealed.jsonl")
        self.expect(EX_OK, "seal", "-k", self.key, "-l", "9", "-o", sealed,
                    self.write("in", SECRET))
        with open(sealed, "rb") as f:
            self.assertEqual(self.unseal(f.read()).out, SECRET + b"\n")

    def test_rejects_of_scrub(self):
        """What `privpol scrub` rejects, `privpol unseal` gives back byte for byte."""
        if self.run_tool("scrub", "--help").rc != EX_OK:
            self.skipTest("privpol scrub is not built")
        lines = [b'{"ip":"192.0.2.1"}', b"not json " + SECRET, b'{"a":1}',
                 b'{"x":"' + b"y" * 300 + b'"}', b"bad \xff utf-8 " + SECRET[:20],
                 b'{"broken": ']
        src = self.write("in.jsonl", b"\n".join(lines) + b"\n")
        rej = self.path("rejects.jsonl")
        r = self.run_tool("scrub", "-k", self.key, "-t", "acme", "--rejects", rej,
                          "--max-line", "128", "-o", self.path("out.jsonl"), src)
        self.assertIn(r.rc, (EX_OK, EX_DATAERR), r)
        with open(rej, "rb") as f:
            rejects = f.read()
        self.assert_no_secret(rejects)
        recs = [json.loads(t) for t in rejects.decode("ascii").splitlines()]
        numbers = sorted({rec["line"] for rec in recs})
        self.assertIn(2, numbers)
        self.assertIn(4, numbers)
        self.assertGreater(len([rec for rec in recs if rec["line"] == 4]), 1)  # parts
        r = self.unseal(rejects)
        self.assertEqual(r.out, b"".join(lines[n - 1] + b"\n" for n in numbers))

    # -- refusals --------------------------------------------------------------------

    def check_refused(self, rejects, expect_out, *needles):
        """Exit 65, only the intact lines written, messages naming the record lines."""
        path = self.write("rejects.jsonl", rejects)
        r = self.run_tool("unseal", "-k", self.key, path)
        self.assertEqual(r.rc, EX_DATAERR, r)
        self.assertEqual(r.out, expect_out, r)
        self.assert_no_secret(r.err)
        for n in needles:
            self.assertIn(n, r.err)
        for rec in rejects.decode("ascii", "replace").split("\n"):
            m = re.search(r'"sealed":"([^"]{20})', rec)
            if m:
                self.assertNotIn(m.group(1), r.err, "the sealed text in a message")
        return r

    def three_lines(self):
        """Records of lines 1 (one part), 2 (three parts), 3 (one part)."""
        return (self.records(self.seal(b"one", 1)),
                self.records(self.seal(SECRET[:30], 2, "--part-size", "10")),
                self.records(self.seal(b"three", 3)))

    def test_tampered_sealed_text(self):
        one, two, three = self.three_lines()
        s = two[1]["sealed"]
        two[1]["sealed"] = s[:20] + ("A" if s[20] != "A" else "B") + s[21:]
        self.check_refused(self.dump(one + two + three), b"one\nthree\n",
                           "rejects.jsonl:3:", "line 2 part 2 refused")

    def test_changed_fields(self):
        for field, value in (("line", 9), ("final", True), ("part", 1)):
            with self.subTest(field=field):
                one, two, three = self.three_lines()
                two[1][field] = value
                self.check_refused(self.dump(one + two + three), b"one\nthree\n",
                                   "rejects.jsonl:")
        # The only record of a line made non-final: the file ends without its final part.
        one, two, three = self.three_lines()
        three[0]["final"] = False
        self.check_refused(self.dump(one + two + three), b"one\n" + SECRET[:30] + b"\n",
                           "rejects.jsonl:5:")

    def test_missing_part(self):
        one, two, three = self.three_lines()
        self.check_refused(self.dump(one + [two[0], two[2]] + three), b"one\nthree\n",
                           "rejects.jsonl:3:", "part 3 where part 2 was due")
        self.check_refused(self.dump(one + [two[1], two[2]] + three), b"one\nthree\n",
                           "rejects.jsonl:2:", "without the parts before it")
        self.check_refused(self.dump(one + two[:2]), b"one\n",
                           "ends before the final part of line 2")

    def test_parts_out_of_order(self):
        one, two, three = self.three_lines()
        self.check_refused(self.dump(one + [two[0], two[2], two[1]] + three),
                           b"one\nthree\n", "rejects.jsonl:3:")

    def test_interleaved_lines(self):
        one, two, three = self.three_lines()
        self.check_refused(self.dump([two[0]] + one + two[1:] + three), b"one\nthree\n",
                           "rejects.jsonl:2:", "lacks part 2")

    def test_duplicated_part(self):
        one, two, three = self.three_lines()
        self.check_refused(self.dump(one + [two[0], two[1], two[1], two[2]] + three),
                           b"one\nthree\n", "rejects.jsonl:4:")

    def test_malformed_records(self):
        one, _, three = self.three_lines()
        good = self.dump(one)
        for bad in (b"{not json}\n", b'{"part":1,"line":1,"final":true,"reason":"",'
                    b'"sealed":"ps1.00000000.AAAA"}\n',
                    b'{"line":0,"part":1,"final":true,"reason":"","sealed":"x"}\n',
                    b'{"line":1,"part":1,"final":1,"reason":"","sealed":"x"}\n',
                    b'{"line":1,"part":1,"final":true,"reason":""}\n',
                    b'{"line":1,"part":1,"final":true,"reason":"","sealed":"ps1.zz"}\n',
                    self.dump(three)[:-30] + b"\n"):
            with self.subTest(record=bad):
                self.check_refused(good + bad + good, b"one\none\n", "rejects.jsonl:2:")

    def test_other_keys(self):
        rejects = self.seal(SECRET, 1)
        other = self.keygen("other")
        r = self.run_tool("unseal", "-k", other, stdin=rejects)
        self.assertEqual(r.rc, EX_DATAERR, r)
        self.assertEqual(r.out, b"")
        self.assertIn("not in the keyring", r.err)
        # The same key id with other key bytes: authentication fails.
        with open(self.key, encoding="ascii") as f:
            text = f.read()
        m = re.search(r"^key (\S+) (\S+) ([0-9a-f]{64})$", text, re.M)
        forged = text.replace(m.group(3), "0" * 64 if m.group(3) != "0" * 64 else "1" * 64)
        p = self.write("forged", forged.encode("ascii"))
        os.chmod(p, 0o600)
        r = self.run_tool("unseal", "-k", p, stdin=rejects)
        self.assertEqual(r.rc, EX_DATAERR, r)
        self.assertEqual(r.out, b"")
        self.assert_no_secret(r.err)

    # -- command line ----------------------------------------------------------------

    def test_help(self):
        for cmd in ("seal", "unseal"):
            r = self.expect(EX_OK, cmd, "--help")
            self.assertIn(f"usage: privpol {cmd} -k KEYFILE".encode(), r.out)
            r = self.expect(EX_USAGE, cmd, "--no-such-option")
            self.assertEqual(r.err, f"privpol {cmd}: unknown option '--no-such-option' "
                                    f"(see 'privpol {cmd} --help')\n")
            self.assertIn(cmd.encode(), self.expect(EX_OK, "--help").out)

    def test_usage_errors(self):
        inp = self.write("in", b"x")
        self.expect(EX_USAGE, "unseal")
        self.expect(EX_USAGE, "seal", "-k", self.key, inp)
        for bad in ("0", "-1", "01", "x", "18446744073709551616"):
            self.expect(EX_USAGE, "seal", "-k", self.key, "--line", bad, inp)
        for bad in ("0", "16777217", "1k"):
            self.expect(EX_USAGE, "seal", "-k", self.key, "-l", "1", "--part-size", bad, inp)
        self.expect(EX_USAGE, "seal", "-k", self.key, "-l", "1", inp, inp)
        big = self.seal(b"y", 18446744073709551615)
        self.assertEqual(self.records(big)[0]["line"], 18446744073709551615)
        self.assertEqual(self.unseal(big).out, b"y\n")

    def test_files_and_permissions(self):
        rejects = self.write("r.jsonl", self.seal(SECRET, 1))
        self.expect(EX_NOINPUT, "unseal", "-k", self.path("nokey"), rejects)
        self.expect(EX_NOINPUT, "unseal", "-k", self.key, self.path("missing.jsonl"))
        self.expect(EX_NOINPUT, "seal", "-k", self.key, "-l", "1", self.path("missing"))
        os.chmod(self.key, 0o644)
        self.expect(EX_NOPERM, "unseal", "-k", self.key, rejects)
        self.expect(EX_NOPERM, "seal", "-k", self.key, "-l", "1", rejects)
        os.chmod(self.key, 0o600)
        bad = self.write("badkey", b"not a key file\n")
        os.chmod(bad, 0o600)
        self.expect(EX_CONFIG, "unseal", "-k", bad, rejects)
        self.expect(EX_CANTCREAT, "unseal", "-k", self.key, "-o",
                    self.path("no/such/dir"), rejects)
        if os.path.exists("/dev/full"):
            r = self.expect(EX_IOERR, "unseal", "-k", self.key, "-o", "/dev/full", rejects)
            self.assertIn("cannot write", r.err)
            with open("/dev/full", "wb") as full:
                r = self.run_tool("seal", "-k", self.key, "-l", "1", rejects, stdout=full)
            self.assertEqual(r.rc, EX_IOERR, r)

    def test_no_key_in_force(self):
        p = self.path("future")
        self.expect(EX_OK, "keygen", "-o", p, "--from", "9999-01-01")
        r = self.expect(EX_DATAERR, "seal", "-k", p, "-l", "1", stdin=SECRET)
        self.assertEqual(r.out, b"")
        self.assert_no_secret(r.err)


def main():
    global PRIVPOL
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.stderr.write("usage: test-unseal.py PRIVPOL_EXE [unittest options]\n")
        return 2
    PRIVPOL = os.path.abspath(sys.argv[1])
    if not os.access(PRIVPOL, os.X_OK):
        sys.stderr.write(f"test-unseal.py: {PRIVPOL} is not an executable\n")
        return 2
    del sys.argv[1]
    prog = unittest.main(exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
