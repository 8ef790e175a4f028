# SPDX-License-Identifier: MIT
"""Every status of the library becomes its exception: each subclass is raised at least
once by a real call, is an instance of its built-in, carries status, name and detail,
never quotes the input, and survives pickling (Dask ships exceptions between
processes)."""

import ctypes
import os
import pickle
import unittest

from support import IP, T0, TempDirCase, privpol

from privpol import _ffi, errors

DEEP = '{"a":' * 80 + "1" + "}" * 80


class ErrorsMapped(TempDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kr = privpol.Keyring.load(cls.key)
        cls.ctx = privpol.Context(cls.kr)
        cls.ctrl = privpol.Context(cls.kr, role="controller", allow_reveal=True)
        cls.seen = {}

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        cls.ctrl.close()
        cls.kr.close()
        super().tearDownClass()

    def raised(self, cls, builtin, status, fn, *args, **kw):
        with self.assertRaises(cls) as cm:
            fn(*args, **kw)
        e = cm.exception
        self.assertIs(type(e), cls)
        self.assertIsInstance(e, privpol.PrivpolError)
        if builtin is not None:
            self.assertIsInstance(e, builtin)
        self.assertEqual(e.status, status)
        self.assertEqual(e.status_name, errors.STATUS_NAMES[status])
        self.assertTrue(str(e))
        self.assertEqual(str(e), e.message)  # not the repr KeyError would show
        # the library's detail (or one naming the argument), never its generic text alone
        # (but for ENOMEM, whose detail in the library is that text)
        if status != -2:
            self.assertNotEqual(e.message, _ffi.strerror(status))
        back = pickle.loads(pickle.dumps(e))
        self.assertIs(type(back), cls)
        self.assertEqual((back.status, back.message, back.line, back.column),
                         (e.status, e.message, e.line, e.column))
        return e

    def test_invalid_argument(self):
        # a rotation must start after the last key
        e = self.raised(privpol.InvalidArgument, ValueError, -1,
                        privpol.Keyring.generate(valid_from=T0).rotate, T0 - 86400)
        self.assertIn("after", e.message)
        self.raised(privpol.InvalidArgument, ValueError, -1, self.ctx.pseudonymize_many,
                    ["192.0.2.1"], IP, "acme", errors="ignore")

    def test_parse_error_with_position(self):
        e = self.raised(privpol.ParseError, ValueError, -4, privpol.Policy.parse,
                        "privpol-policy: 1\nid: [unclosed\n")
        self.assertGreater(e.line, 0)
        e = self.raised(privpol.ParseError, ValueError, -4, self.ctx.scrub_lines,
                        ['{"ip":"192.0.2.1"}', '{"ip": secret-value'], tenant="acme")
        self.assertEqual((e.line, e.index), (2, 1))
        self.assertGreater(e.column, 0)
        self.assertNotIn("secret-value", e.message)

    def test_value_rejected(self):
        e = self.raised(privpol.ValueRejected, ValueError, -12, self.ctx.pseudonymize,
                        "999.1.2.3-private", IP, "acme")
        self.assertNotIn("private", e.message)

    def test_not_found(self):
        self.raised(privpol.NotFound, KeyError, -5, self.ctx.pseudonymize, "192.0.2.1",
                    "no.such.category", "acme")
        self.raised(privpol.NotFound, KeyError, -5, self.ctx.decide, "no_such_purpose",
                    [IP], tenant="acme")
        self.raised(privpol.NotFound, KeyError, -5, privpol.Context, role="janitor")

    def test_no_key(self):
        with privpol.Context() as keyless:
            self.raised(privpol.NoKey, KeyError, -13, keyless.pseudonymize, "192.0.2.1",
                        IP, "acme")
        with privpol.Keyring.generate(valid_from=T0) as late, privpol.Context(late) as c:
            self.raised(privpol.NoKey, KeyError, -13, c.pseudonymize, "192.0.2.1", IP,
                        "acme", at=T0 - 1)

    def test_permission_denied(self):
        loose = self.path("loose.key")
        with open(self.key, "rb") as src, open(loose, "wb") as dst:
            dst.write(src.read())
        os.chmod(loose, 0o644)
        e = self.raised(privpol.PermissionDenied, PermissionError, -9, privpol.Keyring.load,
                        loose)
        self.assertIn("loose.key", e.message)
        token = self.ctrl.pseudonymize("192.0.2.1", IP, "acme", reversible=True)
        self.raised(privpol.PermissionDenied, PermissionError, -10, self.ctx.reveal, token,
                    "acme")

    def test_authentication_failed(self):
        token = self.ctrl.pseudonymize("192.0.2.1", IP, "acme", reversible=True)
        self.raised(privpol.AuthenticationFailed, ValueError, -11, self.ctrl.reveal, token,
                    "other-tenant")
        sealed = self.ctrl.seal(b"line", b"ad-1")
        self.raised(privpol.AuthenticationFailed, ValueError, -11, self.ctrl.unseal, sealed,
                    b"ad-2")

    def test_memory_error(self):
        # An allocator that always fails, through the same checked prototype.
        alloc = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p)(
            lambda n, opaque: None)
        realloc = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                   ctypes.c_void_p)(lambda p, n, opaque: None)
        free = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)(lambda p, o: None)
        a = _ffi.Allocator(ctypes.cast(alloc, ctypes.c_void_p),
                           ctypes.cast(realloc, ctypes.c_void_p),
                           ctypes.cast(free, ctypes.c_void_p), None)
        h = ctypes.c_void_p()
        self.raised(privpol.PrivpolMemoryError, MemoryError, -2, _ffi.policy_default,
                    ctypes.byref(a), h, _ffi.Error())

    def test_missing_terms(self):
        self.raised(privpol.MissingTerms, LookupError, -15, self.ctx.retain_until,
                    "interaction_digitization", IP, T0)

    def test_limit_exceeded(self):
        e = self.raised(privpol.LimitExceeded, ValueError, -16, self.ctx.scrub_lines,
                        ['{"x":1}', '{"x":2}', DEEP], tenant="acme")
        self.assertEqual((e.line, e.index), (3, 2))

    def test_io_error(self):
        self.raised(privpol.PrivpolIOError, OSError, -8, privpol.Keyring.load,
                    self.path("missing.key"))
        self.raised(privpol.PrivpolIOError, OSError, -14, self.kr.save, self.key)

    def test_base_class_for_the_rest(self):
        o = _ffi.CtxOptions()
        _ffi.ctx_options_init(o)
        o.version = 999
        with self.assertRaises(privpol.PrivpolError) as cm:
            _ffi.ctx_new(o, ctypes.c_void_p(), _ffi.Error())
        self.assertIs(type(cm.exception), privpol.PrivpolError)
        self.assertEqual(cm.exception.status_name, "PRIVPOL_EVERSION")

    def test_messages_name_what_is_wrong(self):
        # the library's privpol_error message, which privpol_decide() also writes into
        # the decision's reason
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.decide,
                        "interaction_digitisation", [IP], tenant="acme")
        self.assertEqual(e.message, "unknown purpose id 'interaction_digitisation'")
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.decide,
                        "interaction_digitization", [IP], tenant="acme",
                        objections=["no_such_purpose"])
        self.assertEqual(e.message, "objections: unknown purpose id 'no_such_purpose'")
        e = self.raised(privpol.InvalidArgument, ValueError, -1, self.ctx.decide,
                        "interaction_digitization", [IP])
        self.assertIn("tenant", e.message)
        # the library's message, with what only the binding knows in parentheses: the
        # arguments of the Python call, the names it accepts
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.retain_until,
                        "no_such_purpose", IP, T0)
        self.assertIn("'no_such_purpose'", e.message)
        self.assertIn("role processor, category %s" % IP, e.message)
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.retain_until,
                        "prospecting", IP, T0)  # a purpose, but the controller's
        self.assertIn("purpose 'prospecting' of role processor", e.message)
        e = self.raised(privpol.MissingTerms, LookupError, -15, self.ctx.retain_until,
                        "interaction_digitization", IP, T0)
        self.assertIn("contract_period", e.message)
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.policy.transform,
                        "processor", "no_such_purpose", IP)
        self.assertIn("'no_such_purpose'", e.message)
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.period, "no.such.category")
        self.assertEqual(e.message, "unknown category id 'no.such.category' "
                                    "(privpol.categories() lists them)")
        e = self.raised(privpol.NotFound, KeyError, -5, self.ctx.period, 99)
        self.assertIn("99", e.message)
        e = self.raised(privpol.NotFound, KeyError, -5, privpol.Context,
                        periods={"no.such.category": "day"})
        self.assertIn("'no.such.category'", e.message)
        e = self.raised(privpol.NotFound, KeyError, -5, privpol.Context, role="janitor")
        self.assertEqual(e.message, "unknown role name 'janitor' (known: processor, "
                                    "controller)")
        e = self.raised(privpol.NotFound, KeyError, -5, privpol.epoch_of, "fortnight", T0)
        self.assertIn("known: none, day, week, month, year", e.message)
        # where the library writes only the generic text of the status, the binding
        # names the argument
        e = self.raised(privpol.InvalidArgument, ValueError, -1, privpol.deadline, 10 ** 13)
        self.assertIn("received", e.message)
        e = self.raised(privpol.InvalidArgument, ValueError, -1, privpol.Keyring.generate,
                        10 ** 13)
        self.assertIn("valid_from", e.message)
        e = self.raised(privpol.LimitExceeded, ValueError, -16, self.ctx.process,
                        {"f" * 100000: "x"}, tenant="acme")
        self.assertIn("field 1", e.message)
        # a status with no detail at all still names the C function
        e = _ffi.error(-6, _ffi.Error(), func="privpol_x")
        self.assertEqual(e.message, "privpol_x: " + _ffi.strerror(-6))
        # a library message that is only the generic text counts as no detail
        err = _ffi.Error(-6, 0, 0, _ffi.strerror(-6).encode())
        self.assertEqual(_ffi.error(-6, err, detail="d").message, "d")
        self.assertEqual(_ffi.error(-6, err, func="privpol_x", hint="h").message,
                         "privpol_x: %s (h)" % _ffi.strerror(-6))
        # the checked prototypes read the privpol_error, always their last argument
        err = _ffi.Error()
        with self.assertRaises(privpol.NotFound) as cm:
            _ffi.ctx_period(self.ctx._handle(), 99, ctypes.c_int(), err)
        self.assertEqual(cm.exception.message, err.message.decode())
        self.assertIn("99", cm.exception.message)

    def test_one_place_builds_exceptions(self):
        """Only _ffi.error() turns a status into an exception: no other module of the
        package instantiates a PrivpolError class or calls errors.error_for()."""
        import re
        pkg = os.path.dirname(privpol.__file__)
        names = "|".join(errors.__all__)
        pattern = re.compile(r"\b(?:errors\.)?(?:%s)\(" % names)
        for name in sorted(os.listdir(pkg)):
            if not name.endswith(".py") or name in ("errors.py", "_ffi.py"):
                continue
            with open(os.path.join(pkg, name), encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    with self.subTest(file=name, line=n):
                        self.assertIsNone(pattern.search(line), line)

    def test_every_status_has_a_name_and_class(self):
        for status, name in errors.STATUS_NAMES.items():
            if status == 0:
                continue
            e = errors.error_for(status, "m")
            self.assertEqual(e.status, status)
            self.assertEqual(e.status_name, name)
            self.assertTrue(_ffi.strerror(status))


if __name__ == "__main__":
    unittest.main()
