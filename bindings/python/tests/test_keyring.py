# SPDX-License-Identifier: MIT
"""Keyring: generate, save (0600, never over an existing file unless asked), load
(refusing loose permissions), rotate; key files shared with the CLI both ways; keys
only ever inside the library."""

import os
import pickle
import re
import stat
import unittest
from datetime import datetime, timezone

from support import IP, T0, TempDirCase, have_cli, privpol, run_cli

ROTATION = datetime(2026, 3, 1, tzinfo=timezone.utc)


class KeyringTests(TempDirCase):
    def test_generate_save_load_round_trip(self):
        path = self.path("round.key")
        with privpol.Keyring.generate() as kr:
            self.assertEqual(len(kr), 1)
            self.assertRegex(kr.key_ids[0], r"^[0-9a-f]{8}$")
            self.assertEqual(kr.keys[0][1], datetime(1970, 1, 1, tzinfo=timezone.utc))
            kr.save(path)
            with privpol.Context(kr) as ctx:
                before = ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
            ids = kr.key_ids
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with privpol.Keyring.load(path) as kr2, privpol.Context(kr2) as ctx2:
            self.assertEqual(kr2.key_ids, ids)
            self.assertEqual(ctx2.pseudonymize("192.0.2.1", IP, "acme", T0), before)

    def test_save_never_overwrites_unless_asked(self):
        path = self.path("once.key")
        with privpol.Keyring.generate() as a, privpol.Keyring.generate() as b:
            a.save(path)
            with self.assertRaises(privpol.PrivpolIOError) as cm:
                b.save(path)
            self.assertEqual(cm.exception.status_name, "PRIVPOL_EEXIST")
            with privpol.Keyring.load(path) as kr:
                self.assertEqual(kr.key_ids, a.key_ids)
            b.save(path, overwrite=True)
            with privpol.Keyring.load(path) as kr:
                self.assertEqual(kr.key_ids, b.key_ids)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)

    def test_rotation_selects_key_by_time(self):
        with privpol.Keyring.generate() as kr:
            kr.rotate(ROTATION)
            self.assertEqual(len(kr), 2)
            (old, t_old), (new, t_new) = kr.keys
            self.assertEqual(t_new, ROTATION)
            with privpol.Context(kr) as ctx:
                before = ctx.pseudonymize("192.0.2.1", IP, "acme", at=ROTATION.timestamp() - 1)
                after = ctx.pseudonymize("192.0.2.1", IP, "acme", at=ROTATION)
            self.assertTrue(before.startswith("pd1.%s." % old))
            self.assertTrue(after.startswith("pd1.%s." % new))
            with self.assertRaises(privpol.InvalidArgument):
                kr.rotate(ROTATION)  # not after the last key
            kr.rotate()  # now: after 2026-03-01 on any machine running this
            self.assertEqual(len(kr), 3)

    def test_loose_permissions_refused(self):
        path = self.path("loose.key")
        with privpol.Keyring.generate() as kr:
            kr.save(path)
        for mode in (0o640, 0o604, 0o620):
            os.chmod(path, mode)
            with self.assertRaises(privpol.PermissionDenied):
                privpol.Keyring.load(path)
        os.chmod(path, 0o600)
        privpol.Keyring.load(path).close()

    def test_closed_and_unpicklable(self):
        kr = privpol.Keyring.generate()
        kr.close()
        kr.close()  # idempotent
        with self.assertRaises(privpol.InvalidArgument):
            kr.key_ids
        with self.assertRaises(TypeError):
            pickle.dumps(privpol.Keyring.generate())
        with self.assertRaises(TypeError):
            privpol.Keyring(0)
        self.assertEqual(privpol.Keyring.__slots__, ("_h",))  # a handle, nothing else

    @unittest.skipUnless(have_cli(), "privpol command not built")
    def test_key_files_shared_with_the_cli(self):
        # A key file of `privpol keygen`, rotated by it, loads here and pseudonymizes as
        # the CLI does; a file saved here is read by the CLI.
        path = self.path("cli.key")
        run_cli("keygen", "-o", path)
        run_cli("keygen", "--rotate", path, "--from", "2026-03-01T00:00:00Z")
        with privpol.Keyring.load(path) as kr, privpol.Context(kr) as ctx:
            self.assertEqual(len(kr), 2)
            for at in ("2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z"):
                cli = run_cli("pseudonymize", "-k", path, "-t", "acme", "-c", IP, "--at", at,
                              "192.0.2.1").decode().strip()
                self.assertEqual(ctx.pseudonymize("192.0.2.1", IP, "acme", at), cli)
        cli = run_cli("pseudonymize", "-k", self.key, "-t", "acme", "-c", IP, "--at",
                      "2025-01-06T08:00:00Z", "192.0.2.1").decode().strip()
        with privpol.Context(self.key) as ctx:  # a path is loaded
            self.assertEqual(ctx.pseudonymize("192.0.2.1", IP, "acme", T0), cli)
        self.assertTrue(re.match(r"^pd1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}$", cli))


if __name__ == "__main__":
    unittest.main()
