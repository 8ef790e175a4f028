#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent check of the pseudonym construction in docs/pseudonyms.md.

Recomputes pseudonyms and a reversible token from the documented formulas with the
Python standard library (hashlib's BLAKE2b, and SipHash-2-4-128 written out here from
the SipHash paper by Aumasson and Bernstein), then compares with what the library's
command-line tool prints for the same key file. Usage: check-construction.py PRIVPOL_EXE
"""
import base64
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

K1 = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
K2 = bytes.fromhex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100")
KEYFILE = (
    "privpol-keyring 1\n"
    f"key 0000000a 1970-01-01T00:00:00Z {K1.hex()}\n"
    f"key 0000000b 2026-03-01T00:00:00Z {K2.hex()}\n"
)
MASK = (1 << 64) - 1


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def siphash_2_4_128(key: bytes, msg: bytes) -> bytes:
    k0, k1 = struct.unpack("<QQ", key)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D ^ 0xEE
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(n):
        nonlocal v0, v1, v2, v3
        for _ in range(n):
            v0 = (v0 + v1) & MASK; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
            v2 = (v2 + v3) & MASK; v3 = rotl(v3, 16); v3 ^= v2
            v0 = (v0 + v3) & MASK; v3 = rotl(v3, 21); v3 ^= v0
            v2 = (v2 + v1) & MASK; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)

    full = len(msg) // 8 * 8
    for i in range(0, full, 8):
        (m,) = struct.unpack("<Q", msg[i:i + 8])
        v3 ^= m
        rounds(2)
        v0 ^= m
    last = msg[full:] + bytes(7 - len(msg) % 8) + bytes([len(msg) & 0xFF])
    (b,) = struct.unpack("<Q", last)
    v3 ^= b
    rounds(2)
    v0 ^= b
    v2 ^= 0xEE
    rounds(4)
    out0 = v0 ^ v1 ^ v2 ^ v3
    v1 ^= 0xDD
    rounds(4)
    out1 = v0 ^ v1 ^ v2 ^ v3
    return struct.pack("<QQ", out0, out1)


def lp(b: bytes) -> bytes:
    return bytes([len(b)]) + b


def b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


PERIODS = {"none": 0, "day": 1, "week": 2, "month": 3, "year": 4}


def pseudonym(master, key_id, tenant, category, period, epoch, normalized):
    msg = lp(category.encode()) + bytes([PERIODS[period]]) + struct.pack(">q", epoch) + \
        lp(tenant.encode())
    subkey = hashlib.blake2b(msg, digest_size=16, key=master, person=b"privpol-pd-v1").digest()
    return f"pd1.{key_id}.{b64(siphash_2_4_128(subkey, normalized))}"


CASES = [
    # (category, CLI input, normalized keyed bytes, --at, period, epoch, key)
    ("connection.ip_address", "192.0.2.1", bytes([192, 0, 2, 1]),
     "2025-01-06T08:00:00Z", "none", 0, ("0000000a", K1)),
    ("terminal.msisdn", "06 12 34 56 78", b"+33612345678",
     "2025-01-06T08:00:00Z", "none", 0, ("0000000a", K1)),
    ("contact.email", "Julie.Martin@Example.FR", b"julie.martin@example.fr",
     "2025-01-06T08:00:00Z", "none", 0, ("0000000a", K1)),
    ("connection.ip_address", "2001:db8::1",
     bytes.fromhex("20010db8000000000000000000000001"),
     "2026-03-01T00:00:00Z", "day", 20513, ("0000000b", K2)),
    ("connection.ip_address", "::ffff:10.0.0.1", bytes([10, 0, 0, 1]),
     "2026-03-04T12:00:00Z", "month", 56 * 12 + 2, ("0000000b", K2)),
]


def run(exe, args, stdin=None):
    r = subprocess.run([exe] + args, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def main():
    exe = sys.argv[1]
    failures = 0
    # Published SipHash-2-4-128 vector (reference implementation, vectors_sip128[0]:
    # key 00..0f, empty message) guards the Python side itself.
    assert siphash_2_4_128(bytes(range(16)), b"").hex() == "a3817f04ba25a8e66df67214c7550293"
    with tempfile.TemporaryDirectory() as d:
        keyfile = os.path.join(d, "test.key")
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, KEYFILE.encode())
        os.close(fd)
        for cat, value, norm, at, period, epoch, (kid, key) in CASES:
            want = pseudonym(key, kid, "acme", cat, period, epoch, norm)
            got = run(exe, ["pseudonymize", "-k", keyfile, "-t", "acme", "-c", cat,
                            "--at", at, "--epoch-period", period, value]).strip()
            status = "ok" if got == want else "MISMATCH"
            failures += got != want
            print(f"{status}: {cat} {period} -> {got} (expected {want})")
        # Reversible token: decrypt with the documented keys; check the SIV.
        tok = run(exe, ["pseudonymize", "-k", keyfile, "-t", "acme", "-c", "terminal.msisdn",
                        "--at", "2025-01-06", "--reversible", "+33612345678"]).strip()
        prefix, kid, body = tok.split(".")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        keys = hashlib.blake2b(lp(b"acme"), digest_size=64, key=K1,
                               person=b"privpol-pr-v1").digest()
        siv, ct = raw[:16], raw[16:]
        # Decrypting needs XChaCha20, which the standard library lacks; the SIV check
        # below still proves the layout once the plaintext is rebuilt from the spec.
        pt = bytes([8, 0]) + struct.pack(">q", 0) + b"+33612345678"
        want_siv = hashlib.blake2b(b"pr1." + kid.encode() + pt, digest_size=16,
                                   key=keys[:32]).digest()
        ok = prefix == "pr1" and kid == "0000000a" and siv == want_siv and len(ct) == len(pt)
        failures += not ok
        print(f"{'ok' if ok else 'MISMATCH'}: reversible token SIV and length")
    print(f"{len(CASES) + 1 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
