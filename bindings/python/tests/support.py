# SPDX-License-Identifier: MIT
"""What the binding's tests share: where the built library, the CLI and the data are
(meson sets PRIVPOL_LIBRARY, PRIVPOL_CLI and PRIVPOL_SOURCE_ROOT), key files in a
scratch directory, and running the CLI."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

# The tenants of data/events-sample.jsonl: a tenant_field may only name these.
TENANTS = ["acme-mobile-fr", "acme-fixe-fr", "acme-pro-fr", "globex-be", "initech-ch",
           "umbrella-ma"]

HERE = os.path.dirname(os.path.abspath(__file__))
BINDINGS = os.path.dirname(HERE)
ROOT = os.environ.get("PRIVPOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(BINDINGS))
EVENTS = os.path.join(ROOT, "data", "events-sample.jsonl")
CLI = os.environ.get("PRIVPOL_CLI") or os.path.join(ROOT, "build", "tools", "privpol")
if BINDINGS not in sys.path:
    sys.path.insert(0, BINDINGS)

import privpol  # noqa: E402  (after the path above)

IP = "connection.ip_address"
# A fixed event time: 2025-01-06T08:00:00Z
T0 = 1736150400


def have_cli():
    return os.access(CLI, os.X_OK)


def run_cli(*args, input=None, check=True):
    """Run the privpol command; return its standard output (bytes)."""
    p = subprocess.run([CLI] + [str(a) for a in args], input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("privpol %s: exit %d: %s" % (" ".join(map(str, args)),
                                                          p.returncode, p.stderr.decode()))
    return p.stdout


class TempDirCase(unittest.TestCase):
    """A scratch directory for the class, with a key file made by Keyring.generate()."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="privpol-py-")
        cls.key = os.path.join(cls.tmp, "test.key")
        with privpol.Keyring.generate() as kr:
            kr.save(cls.key)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)
