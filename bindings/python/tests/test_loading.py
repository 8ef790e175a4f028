# SPDX-License-Identifier: MIT
"""Loading the shared library: PRIVPOL_LIBRARY first (and only it when set), the dynamic
loader's libprivpol.so.0 otherwise; an ImportError naming what was tried; a version
check that refuses another major version and a library lacking functions."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import BINDINGS, privpol

LIB = os.environ.get("PRIVPOL_LIBRARY", "")


def import_privpol(env_changes, code="import privpol; print(privpol.LIBRARY_PATH)"):
    env = dict(os.environ)
    env["PYTHONPATH"] = BINDINGS
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)


class Loading(unittest.TestCase):
    def test_loaded_library_is_privpol_library(self):
        self.assertTrue(LIB, "meson sets PRIVPOL_LIBRARY")
        self.assertEqual(privpol.LIBRARY_PATH, LIB)
        p = import_privpol({})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode().strip(), LIB)
        self.assertRegex(privpol.library_version(), r"^0\.\d+\.\d+$")
        self.assertRegex(privpol.__version__, r"^0\.\d+\.\d+$")

    def test_bad_privpol_library_names_it(self):
        for bad in ("/nonexistent/libprivpol-h7.so.0", BINDINGS + "/privpol/__init__.py"):
            p = import_privpol({"PRIVPOL_LIBRARY": bad})
            self.assertNotEqual(p.returncode, 0)
            err = p.stderr.decode()
            self.assertIn("ImportError", err)
            self.assertIn("PRIVPOL_LIBRARY=" + bad, err)
            self.assertIn("libprivpol not found; tried:", err)

    def test_soname_through_the_loader_path(self):
        # Without PRIVPOL_LIBRARY the package finds libprivpol.so.0 where the dynamic
        # loader looks (here: LD_LIBRARY_PATH at the build's library).
        p = import_privpol({"PRIVPOL_LIBRARY": None,
                            "LD_LIBRARY_PATH": os.path.dirname(LIB)})
        self.assertEqual(p.returncode, 0, p.stderr)
        loaded = p.stdout.decode().strip()
        self.assertTrue(loaded.endswith("libprivpol.so.0") or "libprivpol.so" in loaded,
                        loaded)

    def test_nothing_found_lists_attempts(self):
        p = import_privpol({"PRIVPOL_LIBRARY": None, "LD_LIBRARY_PATH": None},
                           "import ctypes.util, privpol")
        if p.returncode == 0:
            self.skipTest("a libprivpol is installed on this machine")
        err = p.stderr.decode()
        self.assertIn("libprivpol not found; tried:", err)
        self.assertIn("libprivpol.so.0", err)
        self.assertIn("find_library", err)


STUB = r"""
const char *privpol_strerror(int status) { (void)status; return "stub"; }
int privpol_version_number(void) { return VERSION; }
const char *privpol_version_string(void) { return TEXT; }
"""


@unittest.skipUnless(shutil.which("cc"), "no C compiler to build a stub library")
class VersionCheck(unittest.TestCase):
    def stub(self, version, text):
        tmp = tempfile.mkdtemp(prefix="privpol-stub-")
        self.addCleanup(shutil.rmtree, tmp, True)
        src, lib = os.path.join(tmp, "stub.c"), os.path.join(tmp, "libprivpol.so.0")
        with open(src, "w") as f:
            f.write(STUB.replace("VERSION", str(version)).replace("TEXT", '"%s"' % text))
        subprocess.run(["cc", "-shared", "-fPIC", "-o", lib, src], check=True)
        return lib

    def test_other_major_version_is_refused(self):
        lib = self.stub(10000, "1.0.0")
        p = import_privpol({"PRIVPOL_LIBRARY": lib})
        err = p.stderr.decode()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("ImportError", err)
        self.assertIn("libprivpol 1.0.0 is not supported", err)
        self.assertIn(lib, err)

    def test_library_lacking_functions_is_refused(self):
        lib = self.stub(100, "0.1.0")
        p = import_privpol({"PRIVPOL_LIBRARY": lib})
        err = p.stderr.decode()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("ImportError", err)
        self.assertIn("lacks privpol_", err)


if __name__ == "__main__":
    unittest.main()
