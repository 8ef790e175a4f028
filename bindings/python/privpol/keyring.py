# SPDX-License-Identifier: MIT
"""Keyring: the master keys, kept inside the C library.

The key bytes never enter Python memory: generating, loading, saving and rotating are C
calls on an opaque handle, and the library keeps the keys in libsodium guarded memory,
wiped when the keyring is closed. Python sees key ids and start times only.
"""

from __future__ import annotations

import ctypes
from datetime import datetime
from typing import Any, List, Optional, Tuple

from . import _ffi
from ._util import EINVAL, from_seconds, fspath, invalid, to_flag, to_seconds

__all__ = ["Keyring"]


class Keyring:
    """A set of master keys with ids and start times (privpol/keyring.h).

    Build one with :meth:`generate` or :meth:`load`; hand it to :class:`privpol.Context`,
    which copies it, so the keyring may be closed as soon as the context exists. A
    keyring belongs to one thread at a time.
    """

    __slots__ = ("_h",)

    def __init__(self, _handle: int) -> None:
        """Not for direct use: call Keyring.generate() or Keyring.load()."""
        if not isinstance(_handle, int) or _handle == 0:
            raise TypeError("use Keyring.generate() or Keyring.load(path)")
        self._h: Optional[int] = _handle

    @classmethod
    def generate(cls, valid_from: Any = None) -> "Keyring":
        """A keyring holding one new random key, used from `valid_from` on (a datetime,
        seconds or ISO 8601 text; default: from the beginning of time)."""
        h, err = ctypes.c_void_p(), _ffi.Error()
        st = _ffi.keyring_generate(0 if valid_from is None
                                   else to_seconds(valid_from, "valid_from"), None, h, err)
        # the library's message for EINVAL is the generic one: name the argument
        _ffi.check(st, err, func="privpol_keyring_generate",
                   detail={EINVAL: "valid_from is outside years 0001-9999"})
        return cls(h.value)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Any) -> "Keyring":
        """Load a key file. A file readable or writable by group or other is refused
        (PermissionDenied); a missing file is PrivpolIOError; a malformed one ParseError
        (with its line)."""
        h = ctypes.c_void_p()
        _ffi.keyring_load(fspath(path), None, h, _ffi.Error())
        return cls(h.value)  # type: ignore[arg-type]

    def save(self, path: Any, overwrite: bool = False) -> None:
        """Write the keyring to a key file with mode 0600. An existing file is replaced
        (atomically) only with `overwrite`; else PrivpolIOError (PRIVPOL_EEXIST)."""
        flags = _ffi.KEYRING_SAVE_REPLACE if to_flag(overwrite, "overwrite") else 0
        _ffi.keyring_save(self._handle(), fspath(path), flags, _ffi.Error())

    def rotate(self, valid_from: Any = None) -> None:
        """Append a new random key used from `valid_from` on (default: now); it must start
        after every key already in the keyring."""
        _ffi.keyring_rotate(self._handle(), to_seconds(valid_from, "valid_from"), _ffi.Error())

    @property
    def key_ids(self) -> List[str]:
        """Ids of the keys (8 lowercase hex digits), oldest first."""
        h = self._handle()
        return [_ffi.keyring_key_id(h, i).decode() for i in range(_ffi.keyring_count(h))]

    @property
    def keys(self) -> List[Tuple[str, datetime]]:
        """(id, start time) of each key, oldest first."""
        h = self._handle()
        return [(_ffi.keyring_key_id(h, i).decode(),
                 from_seconds(_ffi.keyring_key_from(h, i)))
                for i in range(_ffi.keyring_count(h))]

    def __len__(self) -> int:
        return int(_ffi.keyring_count(self._handle()))

    def _handle(self) -> int:
        if self._h is None:
            raise invalid("the keyring is closed")
        return self._h

    def close(self) -> None:
        """Free the keyring and wipe its keys. Idempotent."""
        h, self._h = self._h, None
        if h is not None:
            _ffi.keyring_free(h)

    def __enter__(self) -> "Keyring":
        self._handle()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be gone
            pass

    def __repr__(self) -> str:
        if self._h is None:
            return "<privpol.Keyring closed>"
        return "<privpol.Keyring keys=%s>" % ",".join(self.key_ids)

    def __reduce__(self) -> Any:
        raise TypeError("a Keyring cannot be pickled: load it from its file where it is "
                        "needed (the keys never leave the library)")
