# SPDX-License-Identifier: MIT
"""The package installs: `pip install` offline into a venv (Debian 12: python3-venv and
python3-setuptools, no network, no build isolation), and `meson install` into a
DESTDIR; each installed copy imports, loads the library and pseudonymizes as the source
tree does. The source tree is copied first: pip builds in place, and the tree must stay
clean."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import BINDINGS, IP, T0, privpol

LIB = os.environ.get("PRIVPOL_LIBRARY", "")
BUILD = os.environ.get("PRIVPOL_BUILD_ROOT", "")
CHECK = ("import privpol, sys; kr = privpol.Keyring.generate(); ctx = privpol.Context(kr);"
         "print(privpol.__file__); print(privpol.library_version())")


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600,
                       **kw)
    if p.returncode != 0:
        raise AssertionError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                  p.stdout.decode(errors="replace")))
    return p.stdout.decode()


class Install(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="privpol-install-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # a pseudonym from the source tree, for a key file both sides read
        self.key = os.path.join(self.tmp, "k.key")
        with privpol.Keyring.generate() as kr:
            kr.save(self.key)
        with privpol.Context(self.key) as ctx:
            self.want = ctx.pseudonymize("192.0.2.1", IP, "acme", T0)
        self.check = CHECK + ("; ctx = privpol.Context(%r); print(ctx.pseudonymize("
                              "'192.0.2.1', %r, 'acme', %d))" % (self.key, IP, T0))

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
        env.update(extra)
        return env

    def test_pip_install_offline(self):
        missing = [m for m in ("venv", "ensurepip", "setuptools")
                   if importlib.util.find_spec(m) is None]
        if missing:
            self.skipTest("needs %s (Debian: python3-venv, python3-setuptools)"
                          % ", ".join(missing))
        src = os.path.join(self.tmp, "src")
        os.mkdir(src)
        for name in ("pyproject.toml", "API.md"):
            shutil.copy(os.path.join(BINDINGS, name), src)
        shutil.copytree(os.path.join(BINDINGS, "privpol"), os.path.join(src, "privpol"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        venv_dir = os.path.join(self.tmp, "venv")
        run([sys.executable, "-m", "venv", "--system-site-packages", venv_dir])
        py = os.path.join(venv_dir, "bin", "python")
        run([py, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--quiet",
             src], env=self.env(PIP_NO_INDEX="1", PIP_FIND_LINKS=""), cwd=self.tmp)
        out = run([py, "-c", self.check], env=self.env(PRIVPOL_LIBRARY=LIB),
                  cwd=self.tmp).splitlines()
        self.assertTrue(out[0].startswith(venv_dir), out[0])
        self.assertEqual(out[1], privpol.library_version())
        self.assertEqual(out[2], self.want)
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(out[0]), "py.typed")))

    @unittest.skipUnless(BUILD and shutil.which("meson"), "needs meson and the build dir")
    def test_meson_install(self):
        dest = os.path.join(self.tmp, "dest")
        run(["meson", "install", "-C", BUILD, "--destdir", dest, "--no-rebuild", "--quiet"])
        inits = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs
                 if f == "_ffi.py" and os.path.basename(d) == "privpol"]
        libs = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs
                if f == "libprivpol.so.0"]
        self.assertEqual(len(inits), 1, inits)
        self.assertEqual(len(libs), 1, libs)
        site = os.path.dirname(os.path.dirname(inits[0]))
        env = self.env(PYTHONPATH=site, LD_LIBRARY_PATH=os.path.dirname(libs[0]))
        env.pop("PRIVPOL_LIBRARY", None)  # the installed library, found by its SONAME
        out = run([sys.executable, "-c", self.check], env=env, cwd=self.tmp).splitlines()
        self.assertTrue(out[0].startswith(site), out[0])
        self.assertEqual(out[2], self.want)


if __name__ == "__main__":
    unittest.main()
