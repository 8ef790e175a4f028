#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The adversarial corpus of `privpol scrub`: events.jsonl, access.log and planted.txt.

Usage: make_corpus.py [--out DIR] [--check]

Deterministic (no randomness, no clock): the same script writes the same bytes. Every
line plants identifiers where a scrubber can miss them: JSON keys at any depth and in
escaped forms, every field the default policy keeps, every part of a URL in raw and
percent-encoded forms, JSON numbers, \\u escapes, duplicate keys, user agents, tenant
fields, the written forms of phone numbers, IP addresses and emails in text, evasions a
reader still reads through (lowercase percent-encoding, zero-width and fullwidth
characters, identifiers glued to words, '+' between digit groups, URL authorities that do
not parse: the last two found by fuzzing), and, in the access log, every field of common,
combined and combined-with-trailing-fields lines.

planted.txt lists each planted identifier once per line it is planted in:

    kind <TAB> identifier <TAB> file <TAB> line <TAB> class

kind is one of ip, phone, email, card, iban, secret, user, name; the identifier is in
canonical form (IPv6 compressed lowercase, phone E.164, email lowercase, card digits,
IBAN compact uppercase); class says where it was planted (key.nested, url.query-value,
number.status, ...). tests/test-adversarial.py derives from (kind, identifier) every form
the identifier could survive in, and checks that none survives `privpol scrub`.

Data is fictitious: IP documentation ranges (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24, 2001:db8::/32), the ARCEP fiction range 06 39 98 xx xx, NANP 555-01xx,
libphonenumber example numbers, @example.fr/.com addresses, test card numbers and the
published example IBANs.

--check compares the files in DIR (default: this script's directory) with what the
script would write, and exits 1 when they differ.
"""
import argparse
import ipaddress
import json
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------
# Identifiers


def ip6_canon(text):
    return ipaddress.IPv6Address(text).compressed


class Phone:
    """A phone number: its E.164 form and the ways people write it."""

    def __init__(self, cc, nsn, region):
        self.cc, self.nsn, self.region = cc, nsn, region
        self.e164 = "+" + cc + nsn

    def styles(self):
        """Written forms, by name (all of them valid written phone numbers)."""
        n, cc = self.nsn, self.cc
        if self.region == "FR":
            nat = "0" + n
            pairs = [nat[i:i + 2] for i in range(0, 10, 2)]
            ipairs = [n[0]] + [n[i:i + 2] for i in range(1, 9, 2)]
            return {
                "e164": self.e164,
                "intl": "+33 " + " ".join(ipairs),
                "national": " ".join(pairs),
                "national-compact": nat,
                "dots": ".".join(pairs),
                "dashes": "-".join(pairs),
                "slashes": "/".join(pairs),
                "nbsp": "\u00a0".join(pairs),
                "thin-space": "\u2009".join(pairs),
                "narrow-nbsp": "\u202f".join(pairs),
                "intl-nbsp": "+33\u00a0" + "\u00a0".join(ipairs),
                "trunk-in-parens": "+33 (0)" + " ".join(ipairs),
                "00-prefix": "0033 " + " ".join(ipairs),
                "bare-cc": "33" + n,
                "tel-uri": "tel:+33-" + "-".join(ipairs),
            }
        if self.region == "NANP":
            a, b, c = n[:3], n[3:6], n[6:]
            return {
                "e164": self.e164,
                "parens": "(%s) %s-%s" % (a, b, c),
                "dashes": "%s-%s-%s" % (a, b, c),
                "dots": "%s.%s.%s" % (a, b, c),
                "intl": "+1 %s %s %s" % (a, b, c),
                "intl-parens": "+1 (%s) %s-%s" % (a, b, c),
                "one-dashes": "1-%s-%s-%s" % (a, b, c),
            }
        return {"e164": self.e164, "intl": "+%s %s" % (cc, n)}


# libphonenumber example mobile numbers (tests/data/phone), none a piece of another
FOREIGN = [("43", "664123456", "AT"), ("32", "450001234", "BE"), ("41", "781234567", "CH"),
           ("49", "15123456789", "DE"), ("44", "7400123456", "GB"),
           ("353", "850123456", "IE"), ("39", "3123456789", "IT"),
           ("352", "628123456", "LU"), ("212", "650123456", "MA"),
           ("351", "912345678", "PT"), ("46", "701234567", "SE")]

CARDS = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
         "4012888888881881", "5105105105105100", "4242424242424242", "3530111333300000",
         "30569309025904", "4000056655665556", "5200828282828210", "2223003122003222",
         "6011000990139424", "371449635398431"]

IBANS = ["FR7630006000011234567890189", "DE89370400440532013000",
         "GB82WEST12345698765432", "NL91ABNA0417164300", "BE68539007547034",
         "ES9121000418450200051332", "IT60X0542811101000000123456",
         "CH9300762011623852957", "FR1420041010050500013M02606"]

FIRST = ["jean", "marie", "camille", "lucie", "thomas", "julie", "nicolas", "sophie",
         "antoine", "claire", "hugo", "emma"]
LAST = ["dupont", "martin", "durand", "moreau", "lefebvre", "petit", "bernard", "roux",
        "fournier", "girard", "bonnet", "lambert"]
NAMES = ["Jean Dupont", "Marie Martin", "Camille Durand", "Lucie Moreau", "Thomas Lefebvre",
         "Julie Petit", "Nicolas Bernard", "Sophie Roux", "Antoine Fournier",
         "Claire Girard"]


class Ids:
    """Fresh identifiers, each new one unlike the others, so that a leak names its line."""

    def __init__(self):
        fixed = {"192.0.2.1", "192.0.2.7", "192.0.2.44"}  # section 1 plants these
        self.v4 = [a for a in ("%s.%d" % (net, h) for h in range(100, 250) for net in
                               ("192.0.2", "198.51.100", "203.0.113")) if a not in fixed]
        self.v4 += [a for a in ("%s.%d" % (net, h) for h in range(10, 100) for net in
                                ("192.0.2", "198.51.100", "203.0.113")) if a not in fixed]
        self.n = {}

    def _next(self, what):
        i = self.n.get(what, 0)
        self.n[what] = i + 1
        return i

    def ip4(self):
        return self.v4[self._next("v4")]

    def ip6(self):
        i = self._next("v6")
        return ip6_canon("2001:db8:%x:%x::%x" % (0x100 + i, 7 * i + 3, 0xa00 + i))

    def email(self, domain=None):
        i = self._next("email")
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST) + i) % len(LAST)]
        domain = domain or ("example.fr", "example.com")[i % 2]
        return "%s.%s%03d@%s" % (first, last, i, domain)

    def phone(self):
        i = self._next("phone")
        return Phone("33", "63998%04d" % (i + 1), "FR")

    def nanp(self):
        i = self._next("nanp")
        area = ("415", "212", "312", "617", "206")[i // 90]
        return Phone("1", "%s55501%02d" % (area, 10 + i % 90), "NANP")

    def foreign(self):
        cc, nsn, region = FOREIGN[self._next("foreign") % len(FOREIGN)]
        return Phone(cc, nsn, region)

    def card(self):
        return CARDS[self._next("card") % len(CARDS)]

    def iban(self):
        return IBANS[self._next("iban") % len(IBANS)]

    def name(self):
        return NAMES[self._next("name") % len(NAMES)]

    def secret(self):
        return "S3cr3t-%03d-Pw" % self._next("secret")

    def user(self):
        return "jdupont%03d" % self._next("user")


CANON_PHONE = Phone("33", "612345678", "FR")


def iban_spaced(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def card_spaced(card, sep=" "):
    return sep.join(card[i:i + 4] for i in range(0, len(card), 4))


# ----------------------------------------------------------------------------------------
# JSON text helpers: raw JSON built by hand where json.dumps cannot say it


def js(v):
    """A JSON value, UTF-8 in clear."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def uall(s):
    """A JSON string literal with every character as a \\u escape."""
    out = []
    for ch in s:
        c = ord(ch)
        if c > 0xFFFF:
            c -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)))
        else:
            out.append("\\u%04x" % c)
    return '"' + "".join(out) + '"'


def usome(s, chars):
    """A JSON string literal with the given characters as \\u escapes."""
    body = js(s)[1:-1]
    for ch in chars:
        body = body.replace(ch, "\\u%04x" % ord(ch))
    return '"' + body + '"'


def obj(*members):
    """A JSON object from (raw key literal or str, raw value text) pairs."""
    parts = []
    for k, v in members:
        parts.append((k if k.startswith('"') else js(k)) + ":" + v)
    return "{" + ",".join(parts) + "}"


def pct_all(s):
    return "".join("%%%02X" % b for b in s.encode("utf-8"))


def pct(s, safe=""):
    return urllib.parse.quote(s, safe=safe)


def enc(e="", ph=None, ip="", card="", iban=""):
    """The written and encoded forms of identifiers that URL templates name: {e}, {e_pct}
    (percent-encoded), {e_enc} (@ and dots encoded), {e_all} (every byte encoded), {tel}
    (E.164), {tel_pct}, {tel_2b} (+ as %2B), {tel_all}, {nat} (national, spaced),
    {nat_all}, {nat_plus} (+ between the groups), {nat_20}, {intl_plus}, {dots}, {ip},
    {ip_enc} (dots as %2E), {ip_all}, {card}, {iban}."""
    st = ph.styles() if ph is not None else {"e164": "", "national": "", "intl": "",
                                               "dots": ""}
    tel, nat = st["e164"], st["national"]
    return {"e": e, "e_pct": pct(e), "e_enc": e.replace("@", "%40").replace(".", "%2E"),
            "e_all": pct_all(e), "tel": tel, "tel_pct": pct(tel),
            "tel_2b": tel.replace("+", "%2B"), "tel_all": pct_all(tel), "nat": nat,
            "nat_all": pct_all(nat), "nat_plus": nat.replace(" ", "+"),
            "nat_20": nat.replace(" ", "%20"),
            "intl_plus": st["intl"].replace("+", "%2B").replace(" ", "+"),
            "dots": st["dots"], "ip": ip, "ip_enc": ip.replace(".", "%2E"),
            "ip_all": pct_all(ip), "card": card, "iban": iban}


# ----------------------------------------------------------------------------------------
# The corpus


class Corpus:
    def __init__(self, name):
        self.name = name
        self.lines = []
        self.plants = []  # (kind, identifier, file, line, class)

    def add(self, text, plants):
        """One line (str, or bytes for a line that is not UTF-8) and its plants:
        (kind, identifier, class) tuples."""
        self.lines.append(text)
        n = len(self.lines)
        seen = set()
        for kind, ident, cls in plants:
            if (kind, ident, cls) in seen:
                continue
            seen.add((kind, ident, cls))
            self.plants.append((kind, ident, self.name, n, cls))

    def data(self):
        out = []
        for line in self.lines:
            out.append(line if isinstance(line, bytes) else line.encode("utf-8"))
        return b"\n".join(out) + b"\n"


def P(kind, ident, cls):
    if kind == "phone" and isinstance(ident, Phone):
        ident = ident.e164
    if kind == "ip" and ":" in ident:
        ident = ip6_canon(ident)
    if kind == "email":
        ident = ident.lower()
    return (kind, ident, cls)


TS = "2025-01-06T08:%02d:%02dZ"
DEVICE_FIELDS = ("device", "device_type", "form_factor", "os", "platform")
CUES = ("Bonjour", "M.", "Mme", "Monsieur", "Madame")


def ts(i):
    return js(TS % ((i // 60) % 60, i % 60))


def events(ids):
    C = Corpus("events.jsonl")

    def add(members, plants, with_ts=True):
        if with_ts:
            members = [("ts", ts(len(C.lines)))] + list(members)
        C.add(obj(*members), plants)

    # -- 1. the inputs known to have leaked before --------------------------------------
    em, ph = "jean.dupont@example.fr", CANON_PHONE
    add([("192.0.2.1", "1")], [P("ip", "192.0.2.1", "key.top")], with_ts=False)
    add([("users", obj((em, obj(("+33612345678", "true")))))],
        [P("email", em, "key.nested"), P("phone", ph, "key.nested")], with_ts=False)
    add([(usome("192.0.2.1", "."), "1")], [P("ip", "192.0.2.1", "key.u-escape")],
        with_ts=False)
    add([("users", obj((usome(em, "@"), obj((usome("+33612345678", "+"), "true")))))],
        [P("email", em, "key.u-escape"), P("phone", ph, "key.u-escape")], with_ts=False)
    add([("action", js("login " + em))], [P("email", em, "kept.action")])
    add([("action", js("call +33 6 12 34 56 78 now"))], [P("phone", ph, "kept.action")])
    add([("journey", js(["/account/+33612345678/bills", "from 192.0.2.44"]))],
        [P("phone", ph, "kept.journey"), P("ip", "192.0.2.44", "kept.journey")])
    add([("device", js("iPhone de Jean Dupont"))],
        [P("name", "Jean Dupont", "kept.device")])
    add([("action", js("mailto:" + em))], [P("email", em, "kept.action")])
    add([("action", js("192.0.2.7:443"))], [P("ip", "192.0.2.7", "kept.action")])
    add([("page", js("/checkout?card=4111111111111111&ip=192.0.2.7&tel=%2B33612345678"))],
        [P("card", "4111111111111111", "url.query-value"),
         P("ip", "192.0.2.7", "url.query-value"), P("phone", ph, "url.query-value")])
    add([("page", js("https://shop.example.fr/search?q=rappel 06 12 34 56 78"))],
        [P("phone", ph, "url.with-space")])
    add([("page", js("https://jdupont:secret-pw-77@x.example/"))],
        [P("user", "jdupont", "url.userinfo"), P("secret", "secret-pw-77", "url.userinfo")])
    add([("status", "33612345678"), ("size", "612345678")],
        [P("phone", ph, "number.status"), P("phone", ph, "number.size")])
    add([("tenant", js(em)), ("action", js("login"))], [P("email", em, "tenant.email")])

    # -- 2. keys ----------------------------------------------------------------------
    def key_plants(cls):
        return [(ids.ip4(), "ip"), (ids.ip6(), "ip"), (ids.email(), "email"),
                (ids.phone().e164, "phone"), (ids.card(), "card"), (ids.iban(), "iban")]

    for value in ("1", "true", js("x"), "null", "{}", "[]", js(["a"]), "0.5"):
        for ident, kind in key_plants("key.top"):
            add([(ident, value)], [P(kind, ident, "key.top")])
    for ident, kind in key_plants("key.nested"):
        add([("a", obj(("b", obj((ident, js("v"))))))], [P(kind, ident, "key.nested")])
    for ident, kind in key_plants("key.deep"):
        inner = obj((ident, "1"))
        for k in range(12):
            inner = obj(("l%d" % k, inner))
        add([("root", inner)], [P(kind, ident, "key.deep")])
    for ident, kind in key_plants("key.array-of-objects"):
        add([("items", "[" + obj(("x", "1")) + "," + obj((ident, js("y"))) + "]")],
            [P(kind, ident, "key.array-of-objects")])
        add([("items", "[[" + obj(("k", "[" + obj((ident, "{}")) + "]")) + "]]")],
            [P(kind, ident, "key.array-of-objects")])
    # under kept field names: the key is a piece of the path of a kept field
    for field in ("action", "journey", "device", "page", "duration_ms", "status"):
        e, ip = ids.email(), ids.ip4()
        add([(field, obj((e, js("login")), (ip, "12")))],
            [P("email", e, "key.under-kept"), P("ip", ip, "key.under-kept")])
    # escapes in keys
    for ident, kind in key_plants("key.u-escape"):
        add([(usome(ident, "@."), "1")], [P(kind, ident, "key.u-escape")])
        add([("n", obj((uall(ident), js("v"))))], [P(kind, ident, "key.u-escape-all")])
    e = ids.email()
    add([(usome(e, "@"), js("v")), ("k", obj((usome(e.upper(), "@."), "2")))],
        [P("email", e, "key.u-escape")])
    # identifiers inside keys
    for tmpl in ("call me at %s", "%s's account", "user:%s", "https://x.example/?e=%s"):
        e, ph, ip = ids.email(), ids.phone(), ids.ip4()
        add([(tmpl % e, "1"), (tmpl % ph.styles()["intl"], "2"), (tmpl % ip, "3")],
            [P("email", e, "key.text"), P("phone", ph, "key.text"),
             P("ip", ip, "key.text")])
    # keys named like kept fields, with identifiers as values, in odd cases
    for key in ("Action", "ACTION", "pageUrl", "page-url", "eventName", "Journey"):
        e, ph = ids.email(), ids.phone()
        add([(key, js("login %s %s" % (e, ph.styles()["national"])))],
            [P("email", e, "kept.odd-case"), P("phone", ph, "kept.odd-case")])
    # duplicate keys
    for kind_ident in key_plants("key.duplicate"):
        ident, kind = kind_ident
        add([(ident, "1"), (ident, "2"), ("action", js("x"))],
            [P(kind, ident, "key.duplicate")])
    e1, e2 = ids.email(), ids.email()
    add([("action", js("login")), ("action", js("login " + e1)), ("page", js("/a")),
         ("page", js("/u/" + e2))],
        [P("email", e1, "key.duplicate-kept"), P("email", e2, "key.duplicate-kept")])
    # an input _privpol member (replaced) and keys that look like it
    e, ip = ids.email(), ids.ip4()
    add([("_privpol", obj(("note", js(e)), (ip, "1")))],
        [P("email", e, "key.privpol-member"), P("ip", ip, "key.privpol-member")])
    e = ids.email()
    add([("_privpol", js("x")), ("x", obj(("_privpol", obj((e, "1")))))],
        [P("email", e, "key.privpol-member")])

    # -- 3. every field the default policy keeps ---------------------------------------
    kept_text = ["action", "event", "event_name", "event_type", "page", "page_url", "path",
                 "referer", "referrer", "uri", "url", "journey", "steps", "breadcrumb",
                 "breadcrumbs", "navigation", "device", "device_type", "form_factor", "os",
                 "platform"]
    for field in kept_text:
        e, ph, ip, ip6 = ids.email(), ids.phone(), ids.ip4(), ids.ip6()
        card, iban, nm = ids.card(), ids.iban(), ids.name()
        cls = "kept." + field
        add([(field, js(e))], [P("email", e, cls)])
        add([(field, js(ph.styles()["national"]))], [P("phone", ph, cls)])
        add([(field, js(ip))], [P("ip", ip, cls)])
        e1, ip2, ph2 = ids.email(), ids.ip4(), ids.phone()
        # a name alone is not a device type; elsewhere names come with the cue
        # (title, greeting) that tells a reader, and the scanner, they are names
        who = ("iPhone de " + nm if field in DEVICE_FIELDS
               else CUES[len(C.lines) % len(CUES)] + " " + nm)
        text = "login %s from %s / %s call %s card %s iban %s by %s" % (
            e1, ip6, ip2, ph2.styles()["intl"], card, iban_spaced(iban), who)
        add([(field, js(text))],
            [P("email", e1, cls), P("ip", ip6, cls), P("ip", ip2, cls),
             P("phone", ph2, cls), P("card", card, cls), P("iban", iban, cls),
             P("name", nm, cls)])
        add([(field, js([e2 := ids.email(), "/x/" + (ip3 := ids.ip4())]))],
            [P("email", e2, cls + "[]"), P("ip", ip3, cls + "[]")])
    kept_numbers = ["avg", "bytes", "count", "duration", "duration_ms", "elapsed",
                    "elapsed_ms", "http_status", "latency_ms", "max", "mean", "median",
                    "min", "response_time", "response_time_ms", "size", "status",
                    "status_code", "sum", "total"]
    for field in kept_numbers:
        ph, card = ids.phone(), ids.card()
        cls = "number." + field
        add([(field, ph.e164[1:])], [P("phone", ph, cls)])
        add([(field, card)], [P("card", card, cls)])
        ph2 = ids.phone()
        add([(field, js("0" + ph2.nsn))], [P("phone", ph2, "kept." + field + ".string")])
        add([(field, js("%s %s" % ((e := ids.email()), (ip := ids.ip4()))))],
            [P("email", e, "kept." + field + ".string"),
             P("ip", ip, "kept." + field + ".string")])
    for field in ("date", "time", "timestamp", "created_at", "updated_at", "received_at",
                  "connected_at", "datetime", "event_time", "@timestamp"):
        e, ip, ph = ids.email(), ids.ip4(), ids.phone()
        cls = "kept." + field
        add([(field, js(e))], [P("email", e, cls)])
        add([(field, js("2025-01-06T08:00:00Z %s %s" % (ip, ph.styles()["national"])))],
            [P("ip", ip, cls), P("phone", ph, cls)])
        add([(field, "%s" % (ph2 := ids.phone()).e164[1:])],
            [P("phone", ph2, cls + ".number")])
    # ts itself
    e = ids.email()
    C.add(obj(("ts", js("2025-01-06T08:00:00Z " + e))), [P("email", e, "kept.ts")])

    # -- 4. URLs ------------------------------------------------------------------------
    url_fields = ("page", "url", "referer", "uri", "page_url", "path")
    url_cases = [
        ("url.query-value", "/p?email={e}&tel={tel}&ip={ip}&card={card}&iban={iban}"),
        ("url.query-value-encoded", "/p?email={e_pct}&tel={tel_pct}&ip={ip_enc}"),
        ("url.query-value-plus", "/p?tel={nat_plus}&q=call+me+{intl_plus}"),
        ("url.query-name", "/p?{e}=1&{tel_2b}&{ip}=x"),
        ("url.path-segment", "/u/{e}/calls/{tel}/from/{ip}/card/{card}"),
        ("url.path-segment-encoded", "/u/{e_enc}/t/{tel_2b}/ip/{ip_enc}"),
        ("url.path-all-encoded", "/u/{e_all}/{tel_all}"),
        ("url.fragment", "/p#{e}"),
        ("url.fragment-params", "/p?x=1#tel={nat_20}&ip={ip}&card={card}"),
        ("url.matrix-params", "/p;jsessionid=1;email={e}/q"),
    ]
    for i, field in enumerate(url_fields):
        base = ("https://shop.example.fr", "")[i % 2]
        for cls, template in url_cases:
            e, ph, ip, card, iban = (ids.email(), ids.phone(), ids.ip4(), ids.card(),
                                     ids.iban())
            url = base + template.format(**enc(e, ph, ip, card, iban))
            plants = [P(kind, ident, cls) for kind, ident in (
                ("email", e), ("phone", ph), ("ip", ip), ("card", card), ("iban", iban))]
            # only what the URL holds (the test's self-check finds each in its line)
            add([(field, js(url))], [p for p in plants if holds(url, p)])
    for field in ("page", "url", "referer", "journey"):
        user, secret, ip, ip6 = ids.user(), ids.secret(), ids.ip4(), ids.ip6()
        e, ph = ids.email(), ids.phone()
        cases = [
            ("url.userinfo", "https://%s:%s@shop.example.fr/account" % (user, secret),
             [P("user", user, "url.userinfo"), P("secret", secret, "url.userinfo")]),
            ("url.userinfo-email",
             "ftp://%s:%s@files.example.fr/" % (pct(e), (s1 := ids.secret())),
             [P("email", e, "url.userinfo"), P("secret", s1, "url.userinfo")]),
            ("url.host-ip", "http://%s:8080/status" % ip, [P("ip", ip, "url.host-ip")]),
            ("url.host-ipv6", "http://[%s]:8443/x" % ip6, [P("ip", ip6, "url.host-ipv6")]),
            ("url.host-ip-relative", "//%s/x?y=1" % (ip2 := ids.ip4()),
             [P("ip", ip2, "url.host-ip")]),
            ("url.mailto", "mailto:%s?subject=hi" % e, [P("email", e, "url.mailto")]),
            ("url.tel", "tel:%s" % ph.e164, [P("phone", ph, "url.tel")]),
            ("url.relative-query", "?next=/u/%s" % (e2 := ids.email()),
             [P("email", e2, "url.relative")]),
            ("url.dot-relative", "../u/%s/" % (e3 := ids.email()),
             [P("email", e3, "url.relative")]),
            ("url.with-space", "https://x.example/search?q=Mme %s %s" % (
                (nm := ids.name()), (ph3 := ids.phone()).styles()["national"]),
             [P("name", nm, "url.with-space"), P("phone", ph3, "url.with-space")]),
            ("url.with-space-path", "/help me/%s/now" % (e4 := ids.email()),
             [P("email", e4, "url.with-space")]),
            ("url.token-secret",
             "/reset?password=%s&token=%s" % ((s2 := ids.secret()), (s3 := ids.secret())),
             [P("secret", s2, "url.query-secret"), P("secret", s3, "url.query-secret")]),
        ]
        for cls, url, plants in cases:
            value = js([url, "/home"]) if field == "journey" else js(url)
            add([(field, value)], plants)
    # user-info in URLs whose authority does not parse (found by fuzzing): the port is
    # not a number, the password holds a space or a bad escape, no "//"
    for field in ("page", "referer"):
        for shape in ("https://%s:%s@%s:8080=x/u", "https://%s:%s@shop.example.fr:80a/u",
                      "https://%s:%s pw@shop.example.fr/u",
                      "https://%s:%s%%zz@shop.example.fr/u",
                      "https:%s:%s@shop.example.fr/u"):
            user, secret = ids.user(), ids.secret()
            args = (user, secret, ids.ip4()) if shape.count("%s") == 3 else (user, secret)
            plants = [P("user", user, "url.userinfo-malformed"),
                      P("secret", secret, "url.userinfo-malformed")]
            if len(args) == 3:
                plants.append(P("ip", args[2], "url.userinfo-malformed"))
            add([(field, js(shape % args))], plants)
    # a bracketed host that does not close, a scheme with one slash (found by fuzzing)
    for field in ("page", "referer"):
        ip6, user, secret = ids.ip6(), ids.user(), ids.secret()
        add([(field, js("//[%sS:443/x" % ip6))], [P("ip", ip6, "url.malformed-authority")])
        add([(field, js("https:/d/%s:%s@shop.example.fr/u" % (user, secret)))],
            [P("user", user, "url.malformed-authority"),
             P("secret", secret, "url.malformed-authority")])
    # URLs in \u escapes and uppercase
    e, ip = ids.email(), ids.ip4()
    add([("page", usome("/u/%s?ip=%s" % (e, ip), "@./"))],
        [P("email", e, "url.u-escape"), P("ip", ip, "url.u-escape")])
    e = ids.email()
    add([("page", js("HTTPS://SHOP.EXAMPLE.FR/U/%s" % e.upper()))],
        [P("email", e, "url.uppercase")])

    # -- 5. numbers ---------------------------------------------------------------------
    for field in ("status", "size", "count", "duration_ms", "total", "x", "amount"):
        ph = ids.phone()
        add([(field, ph.e164[1:])], [P("phone", ph, "number." + field)])
        add([(field, "-" + (ph2 := ids.phone()).e164[1:])],
            [P("phone", ph2, "number.negative")])
        add([(field, ph3_text(ph3 := ids.phone()))], [P("phone", ph3, "number.exponent")])
        add([(field, (ph4 := ids.nanp()).e164[1:])], [P("phone", ph4, "number.nanp")])
    for card in CARDS:
        add([("count", card)], [P("card", card, "number.card")])
    ph = ids.phone()
    add([("journey", "[%s,%s]" % (ph.e164[1:], (ph2 := ids.phone()).nsn))],
        [P("phone", ph, "number.array"), P("phone", ph2, "number.array")])
    ph, card = ids.phone(), ids.card()
    add([("stats", obj(("total", card), ("sum", ph.e164[1:])))],
        [P("card", card, "number.nested"), P("phone", ph, "number.nested")])
    ph = ids.phone()
    add([("duration_ms", ph.e164[1:] + ".0")], [P("phone", ph, "number.fraction")])
    ph = ids.phone()
    add([("size", ph.nsn)], [P("phone", ph, "number.nsn")])

    # -- 6. \u escapes of every character of an identifier in values ---------------------
    for field in ("action", "page", "device", "journey", "ip", "note", "x"):
        e, ph, ip = ids.email(), ids.phone(), ids.ip4()
        cls = "value.u-escape-all"
        if field == "journey":
            add([(field, "[" + uall(e) + "," + uall(ph.e164) + "," + uall(ip) + "]")],
                [P("email", e, cls), P("phone", ph, cls), P("ip", ip, cls)])
        else:
            add([(field, uall(e))], [P("email", e, cls)])
            add([(field, uall(ph.styles()["national"]))], [P("phone", ph, cls)])
            add([(field, uall(ip))], [P("ip", ip, cls)])
        e = ids.email()
        add([(field, usome("login " + e, "@."))], [P("email", e, "value.u-escape")])

    # -- 7. user agents -------------------------------------------------------------------
    for field in ("ua", "user_agent", "userAgent", "http_user_agent"):
        e, ph, ip, nm = ids.email(), ids.phone(), ids.ip4(), ids.name()
        uas = [
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/%s) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36" % e,
             [P("email", e, "ua")]),
            ("AcmeCare/6.1.1 (Android 15; %s; okhttp/4.12.0)" % ph.styles()["e164"],
             [P("phone", ph, "ua")]),
            ("curl/8.5.0 from %s" % ip, [P("ip", ip, "ua")]),
            ("Mozilla/5.0 (iPhone de %s; CPU iPhone OS 17_5 like Mac OS X)" % nm,
             [P("name", nm, "ua")]),
            ("MyApp/1.0 (%s)" % (e2 := ids.email()), [P("email", e2, "ua")]),
            ("%s" % (e3 := ids.email()), [P("email", e3, "ua")]),
        ]
        for ua, plants in uas:
            add([(field, js(ua))], plants)

    # -- 8. tenants -----------------------------------------------------------------------
    e, ph, ip = ids.email(), ids.phone(), ids.ip4()
    tenant_lines = [
        (js(e), [P("email", e, "tenant.email")]),
        (js(ph.e164), [P("phone", ph, "tenant.phone")]),
        (js(ip), [P("ip", ip, "tenant.ip")]),
        (js("initech"), []),
        (js("umbrella"), []),
        (js("acme " + (e2 := ids.email())), [P("email", e2, "tenant.email")]),
        ((ph2 := ids.phone()).e164[1:], [P("phone", ph2, "tenant.number")]),
        (js("globex"), []),
        (js("acme"), []),
    ]
    for value, plants in tenant_lines:
        ip2 = ids.ip4()
        add([("tenant", value), ("ip", js(ip2)), ("action", js("login"))],
            plants + [P("ip", ip2, "tenant.line")])
    e = ids.email()
    add([("tenant", js("acme")), ("tenant", js(e))], [P("email", e, "tenant.duplicate")])
    e = ids.email()
    add([(usome("tenant", "n"), js(e))], [P("email", e, "tenant.escaped-key")])
    e = ids.email()
    add([("meta", obj(("tenant", js(e))))], [P("email", e, "tenant.nested")])
    e = ids.email()
    add([("tenant", uall(e))], [P("email", e, "tenant.u-escape")])

    # -- 9. written forms, in a kept field, a journey and free text ------------------------
    def written_forms():
        forms = []
        ip, ip2, ip3, ip6, ip6b = ids.ip4(), ids.ip4(), ids.ip4(), ids.ip6(), ids.ip6()
        forms += [("ip.port", "%s:8080" % ip, [P("ip", ip, "written.ip-port")]),
                  ("ip.prefix", "%s/24" % ip2, [P("ip", ip2, "written.ip-prefix")]),
                  ("ip.zone", "%s@eth0" % ip3, [P("ip", ip3, "written.ip-zone")]),
                  ("ip6.port", "[%s]:443" % ip6, [P("ip", ip6, "written.ipv6-port")]),
                  ("ip6.zone", "%s%%eth0" % ip6b, [P("ip", ip6b, "written.ipv6-zone")]),
                  ("ip6.upper", ipaddress.IPv6Address(i6 := ids.ip6()).exploded.upper(),
                   [P("ip", i6, "written.ipv6-expanded")]),
                  ("ip4.mapped", "::ffff:%s" % (i4 := ids.ip4()),
                   [P("ip", i4, "written.ipv4-mapped")]),
                  ("ip.list", "%s, %s" % ((a := ids.ip4()), (b := ids.ip4())),
                   [P("ip", a, "written.ip-list"), P("ip", b, "written.ip-list")])]
        for style in ("nbsp", "thin-space", "narrow-nbsp", "intl-nbsp", "slashes", "dots",
                      "dashes", "trunk-in-parens", "00-prefix", "bare-cc", "e164", "intl",
                      "national", "national-compact", "tel-uri"):
            ph = ids.phone()
            forms.append(("phone." + style, ph.styles()[style],
                          [P("phone", ph, "written.phone-" + style)]))
        for style in ("parens", "dashes", "dots", "intl", "intl-parens", "one-dashes"):
            ph = ids.nanp()
            forms.append(("nanp." + style, ph.styles()[style],
                          [P("phone", ph, "written.nanp-" + style)]))
        ph = ids.foreign()
        forms.append(("phone.foreign", ph.styles()["intl"],
                      [P("phone", ph, "written.phone-foreign")]))
        e, e2, e3, e4 = ids.email(), ids.email(), ids.email(), ids.email()
        lit_ip = ids.ip4()
        lit_local = "user%03d@[%s]" % (ids._next("lit"), lit_ip)
        forms += [("email.mailto", "mailto:" + e, [P("email", e, "written.email-mailto")]),
                  ("email.angle", "Jean <%s>" % e2,
                   [P("email", e2, "written.email-angle")]),
                  ("email.upper", e3.upper(), [P("email", e3, "written.email-upper")]),
                  ("email.ip-literal", lit_local,
                   [P("email", lit_local, "written.email-ip-literal"),
                    P("ip", lit_ip, "written.email-ip-literal")]),
                  ("email.quoted", '"%s"' % e4, [P("email", e4, "written.email-quoted")])]
        card, card2, iban, iban2 = ids.card(), ids.card(), ids.iban(), ids.iban()
        forms += [("card.spaced", card_spaced(card),
                   [P("card", card, "written.card-spaced")]),
                  ("card.dashes", card_spaced(card2, "-"),
                   [P("card", card2, "written.card-dashes")]),
                  ("iban.spaced", iban_spaced(iban),
                   [P("iban", iban, "written.iban-spaced")]),
                  ("iban.lower", iban2.lower(), [P("iban", iban2, "written.iban-lower")])]
        return forms

    for field, template in (("action", "call %s now"), ("comment", "Le client dit: %s."),
                            ("message", "%s"), ("event", "%s")):
        for name, form, plants in written_forms():
            add([(field, js(template % form))], plants)
    # several forms in one journey array, and in nested arrays of objects
    forms = written_forms()
    for k in range(0, len(forms), 6):
        chunk = forms[k:k + 6]
        add([("journey", js([f for _, f, _ in chunk]))],
            [(kd, ident, "written.in-journey")
             for _, _, pl in chunk for kd, ident, _ in pl])
    forms = written_forms()
    for k in range(0, len(forms), 4):
        chunk = forms[k:k + 4]
        events_arr = "[" + ",".join(
            obj(("action", js("step")),
                (("page", "action", "device", "comment")[j % 4], js(f)))
            for j, (_, f, _) in enumerate(chunk)) + "]"
        add([("events", events_arr)],
            [(kd, ident, "written.in-array-of-objects") for _, _, pl in chunk
             for kd, ident, _ in pl])

    # -- 10. evasions: what a reader still reads -------------------------------------------
    for field in ("action", "page", "journey", "comment"):
        def put(text, plants):
            add([(field, js([text]) if field == "journey" else js(text))], plants)
        ph, ph2, e, ip = ids.phone(), ids.phone(), ids.email(), ids.ip4()
        # percent-encoding in lowercase hex
        put("/p?tel=%s&e=%s&ip=%s" % (ph.e164.replace("+", "%2b"),
                                      e.replace("@", "%40").replace(".", "%2e"),
                                      ip.replace(".", "%2e")),
            [P("phone", ph, "evasion.pct-lowercase"),
             P("email", e, "evasion.pct-lowercase"),
             P("ip", ip, "evasion.pct-lowercase")])
        # more ways to write a phone number
        for style, make in (("(+33)", lambda p: "(+33) " + p.styles()["intl"][4:]),
                            ("+33.",
                             lambda p: "+33." + p.styles()["intl"][4:].replace(" ", ".")),
                            ("+33(0)", lambda p: "+33(0)" + p.nsn)):
            put("rappel " + make(ph2), [P("phone", ph2, "evasion.phone-" + style)])
            ph2 = ids.phone()
        # '+' between the digit groups (a space, in a query string; found by fuzzing)
        ph7 = ids.phone()
        put("rappel " + ph7.styles()["national"].replace(" ", "+"),
            [P("phone", ph7, "evasion.plus-separators")])
        # emails with a tag or a subdomain
        e2, e3 = ids.email(), ids.email(domain="mail.example.fr")
        tagged = e2.replace("@", "+promo@")
        put("de %s et %s" % (tagged, e3),
            [P("email", tagged, "evasion.email-tag"),
             P("email", e3, "evasion.email-subdomain")])
        # zero-width and soft-hyphen characters inside identifiers
        ph3, e4, ip2 = ids.phone(), ids.email(), ids.ip4()
        put("tel %s mail %s ip %s" % ("\u200b".join(ph3.styles()["national"].split(" ")),
                                      e4.replace("@", "\u200b@\u200c"),
                                      ip2.replace(".", "\u00ad.", 1)),
            [P("phone", ph3, "evasion.zero-width"), P("email", e4, "evasion.zero-width"),
             P("ip", ip2, "evasion.zero-width")])
        # fullwidth forms (NFKC folds them to ASCII)
        ph4, e5 = ids.phone(), ids.email()
        put("tel %s mail %s" % (fullwidth(ph4.styles()["national"]),
                                e5.replace("@", "\uff20").replace(".", "\uff0e")),
            [P("phone", ph4, "evasion.fullwidth"), P("email", e5, "evasion.fullwidth")])
        # glued to the words around them
        ph5, ip3, e6 = ids.phone(), ids.ip4(), ids.email()
        put("ref_0%s from%s contact:%s;" % (ph5.nsn, ip3, e6),
            [P("phone", ph5, "evasion.glued"), P("ip", ip3, "evasion.glued"),
             P("email", e6, "evasion.glued")])
        # far into a long value (past 64 KiB)
        if field not in ("action", "comment"):
            continue
        e7, ph6 = ids.email(), ids.phone()
        put("x " * 6000 + e7 + " " + "y" * 70000 + " " + ph6.styles()["national"],
            [P("email", e7, "evasion.long-value"), P("phone", ph6, "evasion.long-value")])
    # many identifiers in one value (more spans than a scanner's first buffer)
    many = [ids.email() for _ in range(70)] + [ids.phone() for _ in range(70)]
    text = " ".join(m if isinstance(m, str) else m.styles()["national"] for m in many)
    for field in ("action", "comment"):
        add([(field, js(text))],
            [P("email", m, "evasion.many-spans") if isinstance(m, str)
             else P("phone", m, "evasion.many-spans") for m in many])
    # the same identifier as a key and as the value under it, and as a kept value
    e = ids.email()
    add([(e, js(e)), ("action", js(e))], [P("email", e, "evasion.key-and-value")])

    # -- 11. lines the scrubber must reject (sealed, never in clear) -----------------------
    e, ip = ids.email(), ids.ip4()
    add([("action", js("login " + e)), ("ip", js(ip))], [P("email", e, "hostile.truncated"),
                                                         P("ip", ip, "hostile.truncated")])
    C.lines[-1] = C.lines[-1][:-1]  # truncated: no closing brace
    e = ids.email()
    C.add(obj(("action", '"\\ud800 ' + e + '"')), [P("email", e, "hostile.lone-surrogate")])
    e = ids.email()
    C.add(b'{"action":"login ' + e.encode() + b' \xff\xfe"}',
          [P("email", e, "hostile.bad-utf8")])
    return C


def fullwidth(s):
    """ASCII letters, digits and signs as their fullwidth forms (U+FF01..U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def ph3_text(ph):
    """A phone number's digits as a JSON number with an exponent: 3.3639980001e10."""
    d = ph.e164[1:]
    return d[0] + "." + d[1:] + "e" + str(len(d) - 1)


def holds(url, plant):
    """Whether the URL text holds the identifier in some written form (for section 4,
    whose cases do not all hold every identifier)."""
    kind, ident, _ = plant
    dec = urllib.parse.unquote_plus(url).lower()
    if kind == "phone":
        digits = "".join(ch for ch in dec if ch.isdigit())
        return ident[1:] in digits or ident[3:] in digits
    return ident.lower() in dec


# ----------------------------------------------------------------------------------------
# The access log


def access(ids):
    C = Corpus("access.log")
    counter = [0]

    def when():
        counter[0] += 1
        i = counter[0]
        return "[06/Jan/2025:%02d:%02d:%02d +0000]" % (8 + i // 3600, (i // 60) % 60,
                                                       i % 60)

    UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0 Safari/537.36")

    def line(host, ident="-", user="-", request="GET / HTTP/1.1", status="200",
             size="512", referer=None, ua=None, trailing=""):
        s = '%s %s %s %s "%s" %s %s' % (host, ident, user, when(), request, status, size)
        if referer is not None or ua is not None:
            s += ' "%s" "%s"' % (referer if referer is not None else "-",
                                 ua if ua is not None else UA)
        return s + trailing

    def add(text, plants):
        C.add(text, plants)

    def host():
        h = ids.ip4()
        return h, [P("ip", h, "log.host")]

    # hosts: IPv4, IPv6 in several spellings
    for spell in (lambda a: a, lambda a: ipaddress.IPv6Address(a).exploded,
                  lambda a: a.upper(), lambda a: "::ffff:" + ids.ip4()):
        a = ids.ip6()
        text = spell(a)
        ident_ip = text[7:] if text.startswith("::ffff:") else a
        add(line(text), [P("ip", ident_ip, "log.host-ipv6")])
    # ident and user
    for layout in ("common", "combined", "trailing"):
        for kind, make in (("email", ids.email), ("phone", lambda: ids.phone()),
                           ("ip", ids.ip4), ("user", ids.user)):
            h, hp = host()
            v = make()
            ident = v.e164 if isinstance(v, Phone) else v
            written = ident
            extra = {}
            if layout != "common":
                extra = {"referer": "-", "ua": UA}
            if layout == "trailing":
                extra["trailing"] = ' "-"'
            add(line(h, ident=written, **extra), hp + [P(kind, ident, "log.ident")])
            h, hp = host()
            v = make()
            ident = v.e164 if isinstance(v, Phone) else v
            written = ident
            add(line(h, user=written, **extra), hp + [P(kind, ident, "log.user")])
    # request: path, query, fragment, encodings, absolute form, CONNECT
    for layout in ("common", "combined"):
        extra = {"referer": "-", "ua": UA} if layout == "combined" else {}
        for cls, template in (
                ("log.path", "GET /u/{e}/calls/{tel}/ip/{ip} HTTP/1.1"),
                ("log.path-encoded", "GET /u/{e_pct}/t/{tel_pct}/i/{ip_enc} HTTP/1.1"),
                ("log.path-all-encoded", "GET /{e_all}/{nat_all}/{ip_all} HTTP/1.1"),
                ("log.query-value", "GET /p?email={e}&tel={tel}&ip={ip} HTTP/1.1"),
                ("log.query-value-encoded",
                 "GET /p?email={e_enc}&tel={tel_2b}&ip={ip_enc} HTTP/1.1"),
                ("log.query-value-plus", "GET /p?q={e}+{nat_plus}&h={ip} HTTP/1.1"),
                ("log.query-name", "GET /p?{e}=1&{tel_2b}=2&{ip} HTTP/1.1"),
                ("log.fragment", "GET /p#{e};{tel};{ip} HTTP/1.1"),
                ("log.absolute-form", "GET http://{e_pct}:pw@{ip}/x?tel={tel} HTTP/1.1"),
                ("log.http10", "POST /api/{e}?ip={ip}&t={dots} HTTP/1.0"),
        ):
            e, ph, ip = ids.email(), ids.phone(), ids.ip4()
            h, hp = host()
            add(line(h, request=template.format(**enc(e, ph, ip)), **extra),
                hp + [P("email", e, cls), P("phone", ph, cls), P("ip", ip, cls)])
        user, secret, ip = ids.user(), ids.secret(), ids.ip4()
        h, hp = host()
        add(line(h, request="GET https://%s:%s@%s/admin HTTP/1.1" % (user, secret, ip),
                 **extra),
            hp + [P("user", user, "log.userinfo"), P("secret", secret, "log.userinfo"),
                  P("ip", ip, "log.absolute-form")])
        ip = ids.ip4()
        h, hp = host()
        add(line(h, request="CONNECT %s:443 HTTP/1.1" % ip, **extra),
            hp + [P("ip", ip, "log.connect")])
        ip6 = ids.ip6()
        h, hp = host()
        add(line(h, request="CONNECT [%s]:443 HTTP/1.1" % ip6, **extra),
            hp + [P("ip", ip6, "log.connect")])
        card, iban = ids.card(), ids.iban()
        h, hp = host()
        add(line(h, request="GET /pay?card=%s&iban=%s HTTP/1.1" % (card, iban), **extra),
            hp + [P("card", card, "log.query-value"), P("iban", iban, "log.query-value")])
        e = ids.email()
        h, hp = host()
        add(line(h, request='GET /search?q=\\"%s\\" HTTP/1.1' % e, **extra),
            hp + [P("email", e, "log.escaped-quote")])
        s = ids.secret()
        h, hp = host()
        add(line(h, request="GET /login?password=%s HTTP/1.1" % s, **extra),
            hp + [P("secret", s, "log.query-secret")])
    # referer
    for cls, template in (
            ("log.referer-query",
             "https://shop.example.fr/p?email={e}&tel={tel_pct}&ip={ip}"),
            ("log.referer-path", "https://shop.example.fr/u/{e}/{tel}/{ip}"),
            ("log.referer-fragment", "https://shop.example.fr/p#{e}&{tel}&{ip}"),
            ("log.referer-host", "http://{ip}/x?e={e_pct}&t={tel}"),
            ("log.referer-userinfo", "https://{e_pct}:pw@{ip}/?t={nat_plus}"),
            ("log.referer-with-space", "https://x.example/q?s={e} {nat} {ip}"),
            ("log.referer-mailto", "mailto:{e}?cc={ip}@example.com&body={tel}"),
    ):
        for layout in ("combined", "trailing"):
            e, ph, ip = ids.email(), ids.phone(), ids.ip4()
            h, hp = host()
            trailing = ' "%s"' % ids.ip4() if layout == "trailing" else ""
            plants = hp + [P("email", e, cls), P("phone", ph, cls), P("ip", ip, cls)]
            if trailing:
                plants.append(P("ip", trailing[2:-1], "log.trailing-xff"))
            add(line(h, referer=template.format(**enc(e, ph, ip)), ua=UA,
                     trailing=trailing),
                plants)
    ip6 = ids.ip6()
    h, hp = host()
    add(line(h, referer="http://[%s]:8080/x" % ip6, ua=UA),
        hp + [P("ip", ip6, "log.referer-host")])
    # user agent
    for cls, kind, template, make in (
            ("log.ua-email", "email",
             "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/{}) Chrome/120.0 Mobile",
             ids.email),
            ("log.ua-phone", "phone", "AcmeCare/6.1.1 (Android 15; {}; okhttp/4.12.0)",
             lambda: ids.phone().styles()["intl"]),
            ("log.ua-ip", "ip", "curl/8.5.0 ({})", ids.ip4),
            ("log.ua-name", "name",
             "Mozilla/5.0 (iPhone de {}; CPU iPhone OS 17_5 like Mac OS X)",
             ids.name),
            ("log.ua-bare-email", "email", "{}", ids.email),
            ("log.ua-card", "card", "PayBot/1.0 card={}", ids.card),
    ):
        for layout in ("combined", "trailing"):
            value = make()
            ident = "+" + re.sub(r"\D", "", value) if kind == "phone" else value
            h, hp = host()
            trailing = ' "-"' if layout == "trailing" else ""
            add(line(h, referer="-", ua=template.format(value), trailing=trailing),
                hp + [P(kind, ident, cls)])
    # trailing fields: X-Forwarded-For lists, quoted and not, and more
    for cls, template in (
            ("log.trailing-xff", ' "{a}, {b}"'),
            ("log.trailing-xff-unquoted", " {a},{b}"),
            ("log.trailing-xff-ipv6", ' "{c6}, {a}, {b}"'),
            ("log.trailing-xff-ports", ' "{a}:51234, [{c6}]:443, {b}"'),
            ("log.trailing-many", ' rt=0.012 "{a}" xff={b} "{c6}"'),
            ("log.trailing-header", ' "X-Forwarded-For: {a}, {b}" "X-Real-IP: {c6}"'),
    ):
        a, b, c6 = ids.ip4(), ids.ip4(), ids.ip6()
        h, hp = host()
        text = template.format(a=a, b=b, c6=c6)
        plants = hp + [P("ip", a, cls), P("ip", b, cls)]
        if c6 in text:
            plants.append(P("ip", c6, cls))
        add(line(h, referer="-", ua=UA, trailing=text), plants)
        e, ph = ids.email(), ids.phone()
        h, hp = host()
        add(line(h, referer="-", ua=UA,
                 trailing=' "%s" "%s"' % (e, ph.styles()["national"])),
            hp + [P("email", e, "log.trailing-text"), P("phone", ph, "log.trailing-text")])
    # everything at once, combined + trailing
    for _ in range(6):
        h, hp = host()
        e, ph, ip, e2, ph2, ip2, u, s = (ids.email(), ids.phone(), ids.ip4(), ids.email(),
                                         ids.phone(), ids.ip4(), ids.user(), ids.secret())
        e3, ip3, ip4 = ids.email(), ids.ip4(), ids.ip4()
        add(line(h, ident=e3, user=u,
                 request="GET /u/%s?tel=%s#%s HTTP/1.1" % (
                     pct(e), ph.e164.replace("+", "%2B"), ip),
                 referer="https://%s:%s@shop.example.fr/?e=%s&t=%s" % (u, s, e2, ph2.e164),
                 ua="App/2.0 (%s)" % ip2, trailing=' "%s, %s"' % (ip3, ip4)),
            hp + [P(kind, ident, "log.all") for kind, ident in (
                ("email", e3), ("user", u), ("email", e), ("phone", ph), ("ip", ip),
                ("secret", s), ("email", e2), ("phone", ph2), ("ip", ip2), ("ip", ip3),
                ("ip", ip4))])
    # evasions: lowercase percent-encoding, nginx's \xHH escapes of non-ASCII bytes
    # (no-break spaces, fullwidth at sign), glued forms, HTTP/0.9 requests, encoded ident
    for layout in ("common", "combined"):
        extra = {"referer": "-", "ua": UA} if layout == "combined" else {}
        ph, e, ip = ids.phone(), ids.email(), ids.ip4()
        h, hp = host()
        add(line(h, request="GET /p?tel=%s&e=%s&ip=%s HTTP/1.1" % (
            ph.e164.replace("+", "%2b"), e.replace("@", "%40").replace(".", "%2e"),
            ip.replace(".", "%2e")), **extra),
            hp + [P("phone", ph, "log.pct-lowercase"), P("email", e, "log.pct-lowercase"),
                  P("ip", ip, "log.pct-lowercase")])
        ph, e = ids.phone(), ids.email()
        h, hp = host()
        nbsp = "\\xC2\\xA0".join(ph.styles()["national"].split(" "))
        add(line(h, request="GET /rappel/%s/%s HTTP/1.1" % (
            nbsp, e.replace("@", "\\xEF\\xBC\\xA0")), **extra),
            hp + [P("phone", ph, "log.nginx-escaped"), P("email", e, "log.nginx-escaped")])
        ph, ip = ids.phone(), ids.ip4()
        h, hp = host()
        add(line(h, request="GET /ref_0%s/from%s HTTP/1.1" % (ph.nsn, ip), **extra),
            hp + [P("phone", ph, "log.glued"), P("ip", ip, "log.glued")])
        e, ph = ids.email(), ids.phone()
        h, hp = host()
        add(line(h, request="GET /u/%s/%s" % (e, ph.e164), **extra),
            hp + [P("email", e, "log.http09"), P("phone", ph, "log.http09")])
        e, u = ids.email(), ids.user()
        h, hp = host()
        add(line(h, ident=e.replace("@", "%40"), user=u + "%40example.fr", **extra),
            hp + [P("email", e, "log.ident-encoded"), P("user", u, "log.user-encoded")])
        ph, e, ip = ids.phone(), ids.email(), ids.ip4()
        h, hp = host()
        add(line(h, referer="https://shop.example.fr/p?t=%s&e=%s#%s" % (
            ph.e164.replace("+", "%2b"), e.replace("@", "%40"), ip.replace(".", "%2e")),
            ua=UA),
            hp + [P("phone", ph, "log.referer-pct-lowercase"),
                  P("email", e, "log.referer-pct-lowercase"),
                  P("ip", ip, "log.referer-pct-lowercase")])
    # lines that must be rejected: a host name, invalid UTF-8, a cut line
    e = ids.email()
    add(line(e), [P("email", e, "log.host-not-ip")])
    e, h = ids.email(), ids.ip4()
    C.add(line(h, ua="Mozilla/5.0 (%s \udcff)" % e).encode("utf-8", "surrogateescape"),
          [P("email", e, "log.bad-utf8"), P("ip", h, "log.bad-utf8")])
    e, h = ids.email(), ids.ip4()
    add('%s - %s [06/Jan/2025:09:00:00 +0000] "GET /u/%s' % (h, e, e),
        [P("email", e, "log.truncated"), P("ip", h, "log.truncated")])
    return C


# ----------------------------------------------------------------------------------------


def build():
    ids = Ids()
    ev = events(ids)
    al = access(ids)
    planted = ["# planted identifiers of events.jsonl and access.log, by make_corpus.py",
               "# kind\tidentifier\tfile\tline\tclass"]
    for kind, ident, f, n, cls in ev.plants + al.plants:
        planted.append("%s\t%s\t%s\t%d\t%s" % (kind, ident, f, n, cls))
    check_forms(ev.plants + al.plants)
    return {"events.jsonl": ev.data(), "access.log": al.data(),
            "planted.txt": ("\n".join(planted) + "\n").encode("utf-8")}


def check_forms(plants):
    """No digit form of one identifier is a piece of another's, so a leak names its
    identifier (phones, cards and IBANs are searched as digit runs)."""
    digit_forms = {}
    for kind, ident, *_ in plants:
        if kind in ("phone", "card"):
            digit_forms.setdefault(ident, "".join(ch for ch in ident if ch.isdigit()))
    items = sorted(digit_forms.items())
    for a, da in items:
        for b, db in items:
            if a != b and da in db:
                raise SystemExit("make_corpus: %s is a piece of %s" % (a, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    files = build()
    if args.check:
        bad = []
        for name, data in files.items():
            try:
                with open(os.path.join(args.out, name), "rb") as f:
                    if f.read() != data:
                        bad.append(name)
            except FileNotFoundError:
                bad.append(name)
        if bad:
            sys.stderr.write("make_corpus: out of date: %s\n" % ", ".join(bad))
            return 1
        return 0
    for name, data in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
