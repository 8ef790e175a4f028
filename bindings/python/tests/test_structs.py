# SPDX-License-Identifier: MIT
"""Every ctypes mirror of a C struct (privpol._ffi) has the C layout: the same size and
alignment, and each field at the same offset with the same size, as the C compiler lays
them out from the public headers. The C side is the probe tests/struct-sizes.c, built
by meson, whose path is in $PRIVPOL_STRUCT_PROBE."""

import ctypes
import os
import subprocess
import unittest

from support import privpol  # the package, loading the library of this build

_ffi = privpol._ffi

PROBE = os.environ.get("PRIVPOL_STRUCT_PROBE")

#: The C struct each ctypes Structure of _ffi mirrors. A Structure added to _ffi must be
#: named here (and printed by the probe), else test_every_mirror_is_named fails.
MIRRORS = {
    "Error": "privpol_error",
    "Allocator": "privpol_allocator",
    "PeriodRule": "privpol_period_rule",
    "CtxOptions": "privpol_ctx_options",
    "Classification": "privpol_classification",
    "Span": "privpol_span",
    "PseudonymToken": "privpol_pseudonym_token",
    "Request": "privpol_request",
    "Decision": "privpol_decision",
    "Duration": "privpol_duration",
    "RetentionTerms": "privpol_retention_terms",
    "RetentionRequest": "privpol_retention_request",
    "Retention": "privpol_retention",
    "Transform": "privpol_transform",
    "RecordRequest": "privpol_record_request",
    "RecordField": "privpol_record_field",
    "RecordSummary": "privpol_record_summary",
}

#: The structs that begin with `unsigned version` (docs/api-conventions.md), with the
#: version their mirror describes: a new mirror says it, the C *_INIT macro's version.
VERSIONED = {
    "CtxOptions": 2, "Request": 1, "Classification": 1, "PseudonymToken": 1,
    "Decision": 1, "RetentionTerms": 1, "RetentionRequest": 1, "Retention": 1,
    "Transform": 1, "RecordRequest": 1, "RecordField": 1, "RecordSummary": 1,
}


def read_probe():
    """{struct: (size, align)} and {struct: {field: (offset, size)}} from the probe."""
    out = subprocess.run([PROBE], stdout=subprocess.PIPE, check=True,
                         timeout=60).stdout.decode()
    structs, fields = {}, {}
    for line in out.splitlines():
        name, a, b = line.split()
        if "." in name:
            s, f = name.split(".", 1)
            fields.setdefault(s, {})[f] = (int(a), int(b))
        else:
            structs[name] = (int(a), int(b))
    return structs, fields


def mirrors():
    """Every ctypes Structure class defined in _ffi, by name."""
    return {name: obj for name, obj in vars(_ffi).items()
            if isinstance(obj, type) and issubclass(obj, ctypes.Structure)
            and obj.__module__ == _ffi.__name__}


@unittest.skipUnless(PROBE, "PRIVPOL_STRUCT_PROBE is not set (meson test sets it)")
class StructLayouts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.structs, cls.fields = read_probe()

    def test_every_mirror_is_named(self):
        found = mirrors()
        self.assertEqual(len(found), 17, sorted(found))
        self.assertEqual(sorted(found), sorted(MIRRORS))

    def test_every_mirror_is_in_the_probe(self):
        missing = [c for c in MIRRORS.values() if c not in self.structs]
        self.assertEqual(missing, [], "structs the probe does not print")

    def test_sizes_and_alignments(self):
        for py, c in sorted(MIRRORS.items()):
            cls = getattr(_ffi, py)
            with self.subTest(struct=c):
                size, align = self.structs[c]
                self.assertEqual(ctypes.sizeof(cls), size, "sizeof(%s)" % c)
                self.assertEqual(ctypes.alignment(cls), align, "alignof(%s)" % c)

    def test_fields(self):
        for py, c in sorted(MIRRORS.items()):
            cls = getattr(_ffi, py)
            ours = [f[0] for f in cls._fields_]
            theirs = self.fields.get(c, {})
            with self.subTest(struct=c):
                self.assertEqual(sorted(ours), sorted(theirs),
                                 "fields of %s: mirror vs C" % c)
                for name in ours:
                    desc = getattr(cls, name)
                    self.assertEqual((desc.offset, desc.size), theirs[name],
                                     "%s.%s (offset, size)" % (c, name))
                # in declaration order, too
                self.assertEqual(ours, sorted(theirs, key=lambda f: theirs[f][0]))

    def test_versions(self):
        # every struct whose C type begins with `version` is in VERSIONED, and a new
        # mirror of a versioned result or request struct carries its version already
        for py, c in sorted(MIRRORS.items()):
            with self.subTest(struct=c):
                first = min(self.fields[c], key=lambda f: self.fields[c][f][0])
                self.assertEqual(first == "version", py in VERSIONED)
        for py, version in sorted(VERSIONED.items()):
            if py in ("CtxOptions", "Request"):  # set by the library's *_init()
                continue
            with self.subTest(struct=py):
                self.assertEqual(getattr(_ffi, py)().version, version)
        # the library's *_init() functions agree
        for py, init in (("Decision", _ffi.decision_init),
                         ("Retention", _ffi.retention_init),
                         ("RetentionRequest", _ffi.retention_request_init),
                         ("RetentionTerms", _ffi.retention_terms_init),
                         ("RecordRequest", _ffi.record_request_init)):
            with self.subTest(init=init.__name__):
                s = getattr(_ffi, py)()
                s.version = 0
                init(s)
                self.assertEqual(s.version, VERSIONED[py])

    def test_category_is_an_int(self):
        # privpol_category, an enum, is passed and mirrored as c_int
        self.assertEqual(self.structs["privpol_category"],
                         (ctypes.sizeof(ctypes.c_int), ctypes.alignment(ctypes.c_int)))
        self.assertIs(_ffi.category_t, ctypes.c_int)

    def test_opaque_taint(self):
        size, align = self.structs["privpol_taint"]
        self.assertEqual(ctypes.sizeof(_ffi.Taint), size)
        self.assertEqual(_ffi.TAINT_SIZE, size)
        self.assertGreaterEqual(ctypes.alignment(_ffi.Taint), align)

    def test_sizes_the_library_reports(self):
        # The *_size() functions of the library agree with the probe (same headers).
        self.assertEqual(_ffi.ctx_options_size(), self.structs["privpol_ctx_options"][0])
        self.assertEqual(_ffi.request_size(), self.structs["privpol_request"][0])
        self.assertEqual(_ffi.taint_size(), self.structs["privpol_taint"][0])


if __name__ == "__main__":
    unittest.main()
