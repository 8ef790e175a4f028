#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""No planted identifier survives `privpol scrub`: the adversarial corpus.

Usage: test-adversarial.py PRIVPOL_EXE [unittest options]

The corpus (tests/adversarial/, written by make_corpus.py) plants identifiers (IP
addresses, phone numbers, emails, card numbers, IBANs, URL user-info and passwords,
names) in JSON keys at any depth and in escaped forms, in every field the default
policy keeps, in every part of URLs, in JSON numbers, in user agents, in tenant fields,
in the written forms people use, and in every field of access-log lines;
planted.txt lists them with the line and the place (class) of each.

`privpol scrub` runs on them under several roles and purposes. Each run's output is
decoded the way a reader would: every JSON line parsed and every key and value walked
(JSON escapes undone, numbers taken as their text and as integers), the tokens of the
library (pd1./pr1./ps1.) cut out, then each string read raw, percent-decoded,
percent-decoded with `+` as a space and with nginx's \\xHH escapes undone, folded (NFKC:
fullwidth forms), rid of invisible characters (zero-width spaces, soft hyphens),
lowercased, runs of white space made one space. On that text: IP addresses (dotted
IPv4, with no digit or dotted digit either side; IPv6 compressed, expanded or in any
other spelling, IPv4-mapped included), emails and their numbered local parts, user names,
passwords and names are searched; on the same text with the separators between digits
removed (spaces of every kind, dots, dashes, slashes, parentheses): the E.164 digits and
the national significant number of each phone number (so 612345678 is found inside
33612345678 or 0612345678), card numbers and the digits of IBANs; with the separators
between letters and digits removed too, the compact IBAN. Every (input line, identifier,
form) found is a failure, printed with the classes it was planted under, and summed up
by class at the end.

Also checked: input lines = output lines + rejected lines; every output line is one JSON
object (JSON-lines runs); rejected lines are sealed (`ps1.`), reopen to the exact input
lines with `privpol unseal`, and the rejects file and the messages hold no planted
identifier; lines the corpus makes unprocessable are rejected; with --tenant-field and
--tenants, lines whose tenant is not a known one (an email, an unknown id) are rejected
and never written. The search is shown to work: the same decoding finds every planted
identifier on its line of the input (test_search_finds_every_plant), finds nothing in
text made only of tokens and labels, and the committed corpus is what make_corpus.py
writes.
"""
import collections
import decimal
import ipaddress
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
import unittest
import urllib.parse

PRIVPOL = None  # set from argv[1] in main
WRAPPER = shlex.split(os.environ.get("PRIVPOL_CLI_WRAPPER", ""))
ROOT = os.environ.get("PRIVPOL_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "adversarial")
EVENTS = os.path.join(CORPUS, "events.jsonl")
ACCESS = os.path.join(CORPUS, "access.log")
PLANTED = os.path.join(CORPUS, "planted.txt")
MAKE = os.path.join(CORPUS, "make_corpus.py")

EX_OK, EX_DATAERR = 0, 65
KNOWN_TENANTS = ("acme", "globex")
SEALED = re.compile(r"^ps1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$")
REJECT_KEYS = ["line", "part", "final", "reason", "sealed"]
# Lines the corpus makes unprocessable (not JSON, bad UTF-8, a host name as client)
MUST_REJECT = ("hostile.", "log.host-not-ip", "log.bad-utf8", "log.truncated")
# Share of the other lines a run may reject before the run proves nothing
MAX_OTHER_REJECTED = 0.25

# ----------------------------------------------------------------------------------------
# Decoding, as a reader of the output would

# pd1.<key id>.<22 base64url>: a pseudonym; pr1. a reversible token (longer, grows with
# the value); ps1. a sealed text. Cut out before searching: they are random-looking and
# can hold digit runs by chance.
TOKENS = re.compile(r"pd1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}"
                    r"|pr1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22,}"
                    r"|ps1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+")
SPACES = re.compile(r"\s+")  # Unicode white space: NBSP, thin and narrow spaces included
SEP = r"[ .\-/()\u2010-\u2015]+"
DIGIT_SEP = re.compile(r"(?<=\d)" + SEP + r"(?=\d)")
ALNUM_SEP = re.compile(r"(?<=[^\W_])" + SEP + r"(?=[^\W_])")
XHH = re.compile(r"\\x([0-9A-Fa-f]{2})")
IP6_CANDIDATE = re.compile(r"[0-9a-f.]*:[0-9a-f:.]+")


def cut_tokens(s):
    return TOKENS.sub(" ", s)


def xhh_decode(s):
    """nginx writes bytes of the request as \\xHH."""
    if "\\x" not in s:
        return s
    raw = XHH.sub(lambda m: chr(int(m.group(1), 16)), s)
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def variants(s):
    """The readings of one string: raw, percent-decoded, with + as space, \\xHH undone."""
    s = cut_tokens(s)
    out = [s]
    for f in (urllib.parse.unquote, urllib.parse.unquote_plus, xhh_decode):
        v = cut_tokens(f(s))
        if v not in out:
            out.append(v)
    return out


# Characters a reader does not see (Unicode format characters: zero-width spaces and
# joiners, soft hyphen, word joiner, BOM, bidi marks)
INVISIBLE = re.compile("[%s]" % "".join(
    re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"))


def as_seen(s):
    """What a reader sees: compatibility forms folded (fullwidth digits and signs, NBSP),
    invisible characters removed."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", s))


class Views:
    """The texts searched for one line: T (decoded, lowercased, one space), D (T with
    separators between digits removed), C (T with separators between letters and digits
    removed). Strings are kept apart by line feeds."""

    def __init__(self, strings):
        parts = []
        for s in strings:
            for v in variants(s):
                parts.append(SPACES.sub(" ", cut_tokens(as_seen(v)).lower()).strip())
        self.t = "\n".join(parts)
        self.d = DIGIT_SEP.sub("", self.t)
        self.c = ALNUM_SEP.sub("", self.t)
        self._ip6 = None

    def ip6_found(self):
        """Canonical IPv6 addresses (and the IPv4 of IPv4-mapped ones) written anywhere,
        in any spelling: {canonical: as written}."""
        if self._ip6 is None:
            self._ip6 = {}
            for m in IP6_CANDIDATE.finditer(self.t):
                cand = m.group().strip(".")
                for text in (cand, cand.rstrip(":"), re.sub(r":\d{1,5}$", "", cand)):
                    try:
                        a = ipaddress.IPv6Address(text)
                    except ValueError:
                        continue
                    self._ip6.setdefault(a.compressed, text)
                    if a.ipv4_mapped is not None:
                        self._ip6.setdefault(str(a.ipv4_mapped), text)
                    break
        return self._ip6


class Obj(list):
    """A parsed JSON object: its (key, value) members in order, duplicates kept."""


class Num(str):
    """A parsed JSON number: its text."""


def json_strings(value):
    """Every key and value of a parsed JSON value, as strings; numbers as their text and,
    when they are whole, as integers."""
    if isinstance(value, Obj):
        for k, v in value:
            yield k
            yield from json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)
    elif isinstance(value, Num):
        yield str(value)
        try:
            d = decimal.Decimal(value)
            if d == d.to_integral_value() and abs(d) < decimal.Decimal(10) ** 40:
                yield str(int(d))
        except decimal.InvalidOperation:
            pass
    elif isinstance(value, str):
        yield value


def _no_constant(text):
    raise ValueError("not JSON: " + text)


def parse_json(text):
    """One JSON text, objects as Obj (duplicates kept), numbers as Num (their text, so
    that nothing is rounded). Raises ValueError."""
    return json.loads(text, object_pairs_hook=Obj, parse_int=Num, parse_float=Num,
                      parse_constant=_no_constant)


def line_views(raw, as_json):
    """Views of one line (bytes): a JSON line is parsed and walked; anything else, or a
    line that does not parse, is read as one string."""
    text = raw.decode("utf-8", "replace")
    if as_json:
        try:
            v = parse_json(text)
            return Views(list(json_strings(v)))
        except ValueError:
            pass
    return Views([text])


# ----------------------------------------------------------------------------------------
# Planted identifiers and the forms they could survive in

CC2 = {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53,
       54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94,
       95, 98}


def split_e164(e164):
    d = e164.lstrip("+")
    if d[0] in "17":
        return d[:1], d[1:]
    if int(d[:2]) in CC2:
        return d[:2], d[2:]
    return d[:3], d[3:]


Plant = collections.namedtuple("Plant", "kind ident file line cls")


def load_planted(path=PLANTED):
    plants = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            kind, ident, file, line, cls = raw.rstrip("\n").split("\t")
            plants.append(Plant(kind, ident, file, int(line), cls))
    return plants


class Matcher:
    """Searches the views of a line for every form of every planted identifier."""

    def __init__(self, idents):
        self.forms = []  # (kind, ident, view, form, boundary regex or None)
        self.ip6 = {}    # canonical -> (kind, ident)
        for kind, ident in sorted(set(idents)):
            for view, form, bound in self.forms_of(kind, ident):
                self.forms.append((kind, ident, view, form, bound))
            if kind == "ip":
                a = ipaddress.ip_address(ident)
                self.ip6[a.compressed] = (kind, ident)

    @staticmethod
    def forms_of(kind, ident):
        low = ident.lower()
        if kind == "ip":
            a = ipaddress.ip_address(ident)
            if a.version == 4:
                return [("t", a.compressed, re.compile(
                    r"(?<![0-9])(?<![0-9]\.)" + re.escape(a.compressed) +
                    r"(?![0-9])(?!\.[0-9])"))]
            out = []
            for form in dict.fromkeys((a.compressed, a.exploded)):
                out.append(("t", form, re.compile(
                    r"(?<![0-9a-f:])" + re.escape(form) + r"(?![0-9a-f])(?!:[0-9a-f])")))
            return out
        if kind == "phone":
            cc, nsn = split_e164(ident)
            return [("d", cc + nsn, None), ("d", nsn, None)]
        if kind == "email":
            out = [("t", low, None)]
            local = low.rsplit("@", 1)[0]
            if re.search(r"\d", local) and len(local) >= 6 and "[" not in low:
                out.append(("t", local, re.compile(
                    r"(?<![a-z0-9._%+-])" + re.escape(local) + r"(?![0-9])")))
            return out
        if kind == "card":
            return [("d", re.sub(r"\D", "", ident), None)]
        if kind == "iban":
            compact = re.sub(r"[^0-9a-z]", "", low)
            out = [("c", compact, None)]
            run = max(re.findall(r"\d+", compact), key=len)
            if len(run) >= 10:
                out.append(("d", run, None))
            return out
        if kind == "user":
            return [("t", low,
                     re.compile(r"(?<![a-z0-9])" + re.escape(low) + r"(?![0-9])"))]
        if kind in ("secret", "name"):
            return [("t", SPACES.sub(" ", low), None)]
        raise ValueError("unknown kind %r" % kind)

    def find(self, views):
        """{(kind, ident): [form, ...]} of what survives in the views."""
        found = collections.OrderedDict()
        for kind, ident, view, form, bound in self.forms:
            text = getattr(views, view)
            if form in text and (bound is None or bound.search(text)):
                found.setdefault((kind, ident), []).append(form)
        if self.ip6 and ":" in views.t:
            for canon, written in views.ip6_found().items():
                key = self.ip6.get(canon)
                if key is not None and key not in found:
                    found[key] = ["%s (written %s)" % (canon, written)]
        return found


# ----------------------------------------------------------------------------------------
# Running privpol scrub


def split_lines(data):
    if data == b"":
        return []
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


class Run:
    def __init__(self, name, args, proc, rejects):
        self.name, self.args = name, args
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.rejects = rejects

    def __repr__(self):
        return "privpol %s\n  exit %d\n  stderr: %s" % (
            " ".join(self.args), self.rc, self.err.decode("utf-8", "replace")[-3000:])


class Report:
    """Problems of one run, each naming its input line."""

    def __init__(self, run_name, planted):
        self.run = run_name
        self.problems = []
        self.leaks = []  # (file, line, kind, ident, forms, classes, where)
        self.by_line = collections.defaultdict(list)
        for p in planted:
            self.by_line[(p.file, p.line)].append(p)

    def problem(self, text):
        self.problems.append("[%s] %s" % (self.run, text))

    def leak(self, file, line, kind, ident, forms, where):
        here = [p.cls for p in self.by_line[(file, line)]
                if (p.kind, p.ident) == (kind, ident)]
        self.leaks.append((file, line, kind, ident, forms, here, where))

    def text(self):
        out = list(self.problems)
        for file, line, kind, ident, forms, here, where in self.leaks:
            out.append("[%s] LEAK %s:%d %s %s survives in the %s as %s (planted: %s)" % (
                self.run, file, line, kind, ident, where,
                ", ".join(repr(f) for f in forms),
                ", ".join(sorted(set(here))) or "not on this line"))
        if self.leaks:
            out.append("[%s] leaks by class (class: identifiers leaked / planted there, "
                       "an example):" % self.run)
            for cls, (n, example) in sorted(self.by_class().items()):
                out.append("    %-36s %4d  e.g. %s" % (cls, n, example))
        return "\n".join(out)

    def by_class(self):
        counts = collections.OrderedDict()
        for file, line, kind, ident, forms, here, where in self.leaks:
            for cls in sorted(set(here)) or ["(elsewhere)"]:
                n, ex = counts.get(cls, (0, None))
                counts[cls] = (n + 1, ex or "%s:%d %s %s" % (file, line, kind, ident))
        return counts

    def ok(self):
        return not self.problems and not self.leaks


class AdversarialTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="privpol-adversarial-")
        cls.dir = cls.tmp.name
        cls.key = os.path.join(cls.dir, "key")
        subprocess.run([PRIVPOL, "keygen", "-o", cls.key], check=True,
                       stderr=subprocess.DEVNULL)
        cls.planted = load_planted()
        cls.matcher = Matcher((p.kind, p.ident) for p in cls.planted)
        with open(EVENTS, "rb") as f:
            cls.events = f.read()
        with open(ACCESS, "rb") as f:
            cls.access = f.read()
        cls.reports = []

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        if cls.reports:
            sys.stderr.write("\n== leaks by run and class ==\n")
            for name, counts in cls.reports:
                sys.stderr.write("%s: %d leaked identifier(s)\n" % (
                    name, sum(n for n, _ in counts.values())))
                for c, (n, ex) in counts.items():
                    sys.stderr.write("    %-36s %4d  e.g. %s\n" % (c, n, ex))

    # -- the search itself ------------------------------------------------------------

    def test_corpus_up_to_date(self):
        r = subprocess.run([sys.executable, MAKE, "--check"], stderr=subprocess.PIPE,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_search_finds_every_plant(self):
        """The decoding and search find every planted identifier on its input line: a
        search that finds nothing in the output has really looked."""
        missing = []
        files = {"events.jsonl": (split_lines(self.events), True),
                 "access.log": (split_lines(self.access), False)}
        cache = {}
        for p in self.planted:
            lines, as_json = files[p.file]
            key = (p.file, p.line)
            if key not in cache:
                cache[key] = line_views(lines[p.line - 1], as_json)
            found = Matcher([(p.kind, p.ident)]).find(cache[key])
            if (p.kind, p.ident) not in found:
                missing.append("%s:%d %s %s (%s)" % (p.file, p.line, p.kind, p.ident,
                                                     p.cls))
        self.assertEqual(missing, [], "planted identifiers the search does not find in "
                         "the input:\n" + "\n".join(missing))
        # and planted.txt says where each identifier is: none is on a line it does not
        # name (so a leak report names the right line and class)
        stray = []
        planted_on = collections.defaultdict(set)
        for p in self.planted:
            planted_on[(p.file, p.line)].add((p.kind, p.ident))
        for file, (lines, as_json) in files.items():
            for n, raw in enumerate(lines, 1):
                views = cache.get((file, n)) or line_views(raw, as_json)
                for key in self.matcher.find(views):
                    if key not in planted_on[(file, n)]:
                        stray.append("%s:%d %s %s" % (file, n, key[0], key[1]))
        self.assertEqual(stray, [], "identifiers on lines planted.txt does not name:\n" +
                         "\n".join(stray))
        kinds = collections.Counter(p.kind for p in self.planted)
        for kind in ("ip", "phone", "email", "card", "iban", "secret", "user", "name"):
            self.assertGreater(kinds[kind], 10, kind)
        self.assertGreaterEqual(len(split_lines(self.events)), 300)
        self.assertGreaterEqual(len(split_lines(self.access)), 100)

    def test_search_ignores_tokens_and_labels(self):
        m = Matcher([("phone", "+33612345678"), ("ip", "192.0.2.1"),
                     ("card", "4111111111111111"),
                     ("email", "jean.dupont017@example.fr"), ("ip", "2001:db8::1"),
                     ("iban", "FR7630006000011234567890189")])

        def found(*strings, as_json=False):
            return sorted(ident for _, ident in m.find(Views(list(strings))))
        # tokens with digit runs, labels, generalized values, the annotation
        self.assertEqual(found("pd1.0123abcd.612345678AAAAAAAAAAAAA",
                               "pr1.0123abcd.33612345678AAAAAAAAAAAAAAAAAAAAAAA"
                               "4111111111111111",
                               "ps1.0123abcd.4111111111111111", "[contact.phone]",
                               "[contact.email]", "192.0.2.0/24", "192.0.2.10",
                               "192.0.2.100",
                               "2001:db8::/48", "2001:db8::10", "Chrome on Android",
                               "2025-01-06T08:00:00Z", "jean.dupont0170@example.fr",
                               "xjean.dupont017"), [])
        # the forms a reader sees
        self.assertEqual(found("0612345678"), ["+33612345678"])
        self.assertEqual(found("+33 (0)6 12 34 56 78"), ["+33612345678"])
        self.assertEqual(found("0033\u00a06\u202f12\u200934 56-78"), ["+33612345678"])
        self.assertEqual(found("/p?tel=%2B33612345678"), ["+33612345678"])
        self.assertEqual(found("06+12+34+56+78"), ["+33612345678"])
        self.assertEqual(found("call 192.0.2.1:443."), ["192.0.2.1"])
        self.assertEqual(found("ip=192%2E0%2E2%2E1"), ["192.0.2.1"])
        self.assertEqual(found("::FFFF:C000:0201"), ["192.0.2.1"])
        self.assertEqual(found("[2001:0DB8:0:0::1]:443"), ["2001:db8::1"])
        self.assertEqual(found("4111 1111 1111 1111"), ["4111111111111111"])
        self.assertEqual(found("jean.dupont017%40example.fr"),
                         ["jean.dupont017@example.fr"])
        self.assertEqual(found("jean.dupont017 at example"), ["jean.dupont017@example.fr"])
        self.assertEqual(found("fr76 3000 6000 0112 3456 7890 189"),
                         ["FR7630006000011234567890189"])
        views = line_views(b'{"\\u0034111111111111111":3.3612345678e10}', True)
        self.assertEqual(sorted(i for _, i in m.find(views)),
                         ["+33612345678", "4111111111111111"])

    # -- runs -------------------------------------------------------------------------

    def scrub(self, name, path, *args):
        rej = os.path.join(self.dir, name + ".rej")
        full = ["scrub", "-k", self.key, "--rejects", rej, *args, path]
        proc = subprocess.run([*WRAPPER, PRIVPOL, *full], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=self.dir, timeout=600)
        rejects = b""
        if os.path.exists(rej):
            with open(rej, "rb") as f:
                rejects = f.read()
        return Run(name, full, proc, rejects)

    def check_run(self, run, data, file, as_json, must_reject=(), must_write=()):
        """Every check on one run; returns its Report."""
        rep = Report(run.name, self.planted)
        if run.rc not in (EX_OK, EX_DATAERR):
            rep.problem("privpol scrub failed: %r" % run)
            return rep
        inputs = split_lines(data)
        outputs = split_lines(run.out)
        # the rejects: their form, their line numbers, sealed, nothing in clear
        rejected = collections.OrderedDict()
        for i, raw in enumerate(split_lines(run.rejects), 1):
            try:
                rec = json.loads(raw)
            except ValueError:
                rep.problem("rejects line %d is not JSON" % i)
                continue
            keys = [k for k in rec if k != "column"]
            if keys != REJECT_KEYS or not SEALED.match(str(rec.get("sealed"))):
                rep.problem("rejects line %d: not a sealed reject record: %s" % (
                    i, raw[:200]))
                continue
            rejected.setdefault(rec["line"], []).append(rec)
        for where, blob in (("rejects file", run.rejects), ("messages", run.err)):
            views = Views(blob.decode("utf-8", "replace").split("\n"))
            for (kind, ident), forms in self.matcher.find(views).items():
                rep.leak(file, 0, kind, ident, forms, where)
        if run.rejects and run.rc != EX_DATAERR:
            rep.problem("lines rejected but exit status %d" % run.rc)
        # input lines = output lines + rejected lines
        if len(inputs) != len(outputs) + len(rejected):
            rep.problem("%d input lines, %d output lines + %d rejected lines" % (
                len(inputs), len(outputs), len(rejected)))
        bad_numbers = [n for n in rejected if not 1 <= n <= len(inputs)]
        if bad_numbers:
            rep.problem("reject records for lines that do not exist: %s" % bad_numbers)
        written = [n for n in range(1, len(inputs) + 1) if n not in rejected]
        # the key holder gets the rejected lines back, exactly
        if rejected:
            u = subprocess.run([*WRAPPER, PRIVPOL, "unseal", "-k", self.key,
                                os.path.join(self.dir, run.name + ".rej")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
            want = b"".join(inputs[n - 1] + b"\n" for n in rejected
                            if 1 <= n <= len(inputs))
            if u.returncode != 0 or u.stdout != want:
                rep.problem("privpol unseal does not give the rejected lines back (exit %d)"
                            % u.returncode)
        for n in must_reject:
            if n not in rejected:
                rep.problem("%s:%d must be rejected, was written (%s)" % (
                    file, n, ", ".join(sorted({p.cls for p in rep.by_line[(file, n)]})) or
                    inputs[n - 1][:80].decode("utf-8", "replace")))
        for n in must_write:
            if n in rejected:
                rep.problem("%s:%d must be written, was rejected: %s" % (
                    file, n, rejected[n][0]["reason"]))
        other = [n for n in rejected if n not in must_reject]
        if len(other) > MAX_OTHER_REJECTED * max(1, len(inputs) - len(must_reject)):
            rep.problem("%d of %d lines rejected (reasons: %s): a run that writes nothing "
                        "proves nothing" % (len(other), len(inputs), ", ".join(sorted(
                            {rejected[n][0]["reason"] for n in other}))))
        if len(written) != len(outputs):
            return rep  # cannot say which output line is which input line
        # the output, line by line
        for number, raw in zip(written, outputs):
            if as_json:
                try:
                    v = parse_json(raw.decode("utf-8"))
                    if not isinstance(v, Obj):
                        raise ValueError("not an object")
                except (ValueError, UnicodeDecodeError) as e:
                    rep.problem("%s:%d: the output line is not one JSON object (%s): %r" % (
                        file, number, e, raw[:200]))
            views = line_views(raw, as_json)
            for (kind, ident), forms in self.matcher.find(views).items():
                rep.leak(file, number, kind, ident, forms, "output")
        return rep

    def must_reject(self, file):
        return sorted({p.line for p in self.planted
                       if p.file == file and p.cls.startswith(MUST_REJECT)})

    def conclude(self, rep):
        self.reports.append((rep.run, rep.by_class()))
        if not rep.ok():
            self.fail("\n" + rep.text())

    def json_run(self, name, *args):
        run = self.scrub(name, EVENTS, *args)
        self.conclude(self.check_run(run, self.events, "events.jsonl", True,
                                     must_reject=self.must_reject("events.jsonl")))

    def test_json_processor(self):
        self.json_run("json-processor", "-t", "acme")

    def test_json_processor_free_text(self):
        """A purpose that collects free text: it is redacted, every span the scanner
        finds replaced (the written forms in comment and message fields)."""
        self.json_run("json-processor-interactive", "-t", "acme", "--purpose",
                      "interactive_interfaces")

    def test_json_controller(self):
        self.json_run("json-controller", "-t", "acme", "--role", "controller")

    def test_json_controller_analytics(self):
        """The controller's purpose that keeps events, journeys and statistics."""
        self.json_run("json-controller-analytics", "-t", "acme", "--role", "controller",
                      "--purpose", "audience_analytics")

    def test_json_tenants(self):
        """Tenants from the events, checked against the known list: a line naming
        another tenant (an unknown id, an email, a phone number, a number) is rejected,
        never written; a known one is written with its tenant."""
        lines = split_lines(self.events)
        reject, write = set(self.must_reject("events.jsonl")), set()
        tenant_of = {}
        for n, raw in enumerate(lines, 1):
            try:
                v = parse_json(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            members = [val for k, val in v if k == "tenant"]
            if len(members) != 1 or b'"tenant":' not in raw:
                continue  # duplicates and escaped keys: no promise, only no leak
            t = members[0]
            if isinstance(t, str) and t in KNOWN_TENANTS:
                write.add(n)
                tenant_of[n] = t
            else:
                reject.add(n)
        self.assertGreaterEqual(len(reject - set(self.must_reject("events.jsonl"))), 6)
        self.assertGreaterEqual(len(write), 2)
        run = self.scrub("json-tenants", EVENTS, "-t", "acme", "--tenant-field", "tenant",
                         "--tenants", ",".join(KNOWN_TENANTS))
        rep = self.check_run(run, self.events, "events.jsonl", True,
                             must_reject=sorted(reject), must_write=sorted(write))
        if run.rc in (EX_OK, EX_DATAERR):
            rejected = {json.loads(r)["line"] for r in split_lines(run.rejects)
                        if r.startswith(b"{")}
            written = [n for n in range(1, len(lines) + 1) if n not in rejected]
            outs = split_lines(run.out)
            if len(written) == len(outs):
                for n, raw in zip(written, outs):
                    if n in tenant_of:
                        got = json.loads(raw).get("tenant")
                        if got != tenant_of[n]:
                            rep.problem("events.jsonl:%d: tenant %r written as %r" % (
                                n, tenant_of[n], got))
        self.conclude(rep)

    def accesslog_run(self, name, *args):
        run = self.scrub(name, ACCESS, "--format", "accesslog", *args)
        self.conclude(self.check_run(run, self.access, "access.log", False,
                                     must_reject=self.must_reject("access.log")))

    def test_accesslog_processor(self):
        self.accesslog_run("accesslog-processor", "-t", "acme")

    def test_accesslog_controller(self):
        self.accesslog_run("accesslog-controller", "-t", "acme", "--role", "controller")


def main():
    global PRIVPOL
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.stderr.write("usage: test-adversarial.py PRIVPOL_EXE [unittest options]\n")
        return 2
    PRIVPOL = os.path.abspath(sys.argv[1])
    if not os.access(PRIVPOL, os.X_OK):
        sys.stderr.write("test-adversarial.py: %s is not an executable\n" % PRIVPOL)
        return 2
    del sys.argv[1]
    prog = unittest.main(exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
