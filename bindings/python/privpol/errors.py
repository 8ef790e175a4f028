# SPDX-License-Identifier: MIT
"""Exceptions of the privpol package: one class per status of the C library.

Every failing call raises a :class:`PrivpolError`; the subclasses are also the built-in
exception a Python caller expects (``except ValueError`` catches a malformed value,
``except KeyError`` an unknown category, ``except PermissionError`` a key file readable by
others). Messages come from the library's ``privpol_error`` detail, which never quotes
input values or key material.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "PrivpolError", "InvalidArgument", "ParseError", "ValueRejected", "NotFound", "NoKey",
    "PermissionDenied", "AuthenticationFailed", "PrivpolMemoryError", "MissingTerms",
    "LimitExceeded", "PrivpolIOError", "STATUS_NAMES", "error_for",
]

#: Name of each status code of privpol/common.h (values are ABI, never renumbered).
STATUS_NAMES: Dict[int, str] = {
    0: "PRIVPOL_OK",
    -1: "PRIVPOL_EINVAL",
    -2: "PRIVPOL_ENOMEM",
    -3: "PRIVPOL_EBUFSIZE",
    -4: "PRIVPOL_EPARSE",
    -5: "PRIVPOL_ENOTFOUND",
    -6: "PRIVPOL_ECRYPTO",
    -7: "PRIVPOL_EVERSION",
    -8: "PRIVPOL_EIO",
    -9: "PRIVPOL_EPERM",
    -10: "PRIVPOL_EDENIED",
    -11: "PRIVPOL_EAUTH",
    -12: "PRIVPOL_EVALUE",
    -13: "PRIVPOL_ENOKEY",
    -14: "PRIVPOL_EEXIST",
    -15: "PRIVPOL_ETERMS",
    -16: "PRIVPOL_ELIMIT",
}


class PrivpolError(Exception):
    """A call into libprivpol failed.

    Attributes:
        status: the ``privpol_status`` code (a negative int).
        status_name: its name, such as ``"PRIVPOL_EPARSE"``.
        line: 1-based line of the problem (in a policy or key file, or the position of
            the failing item in a batch), or 0.
        column: 1-based byte column of the problem, or 0.
        index: 0-based position of the failing item in a batch call, or None.
    """

    def __init__(self, message: str = "", status: Optional[int] = None, line: int = 0,
                 column: int = 0, index: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status if status is not None else _default_status(type(self))
        self.line = line
        self.column = column
        self.index = index

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, "PRIVPOL_E%d" % -self.status)

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return self.message


class InvalidArgument(PrivpolError, ValueError):
    """PRIVPOL_EINVAL: a bad argument or a misuse of the API."""


class ParseError(PrivpolError, ValueError):
    """PRIVPOL_EPARSE: malformed text (policy, key file, time, JSON record); see
    ``line`` and ``column``."""


class ValueRejected(PrivpolError, ValueError):
    """PRIVPOL_EVALUE: a value is not a valid identifier of its category."""


class NotFound(PrivpolError, KeyError):
    """PRIVPOL_ENOTFOUND: an unknown category, purpose, role, region or other name."""


class NoKey(PrivpolError, KeyError):
    """PRIVPOL_ENOKEY: no key in force at that time, or a token's key is not in the
    keyring."""


class PermissionDenied(PrivpolError, PermissionError):
    """PRIVPOL_EPERM (a key file readable or writable by group or other) or
    PRIVPOL_EDENIED (the context does not allow the operation, such as reveal)."""


class AuthenticationFailed(PrivpolError, ValueError):
    """PRIVPOL_EAUTH: a token or sealed text is tampered with, truncated, or not made
    with this key for this tenant."""


class PrivpolMemoryError(PrivpolError, MemoryError):
    """PRIVPOL_ENOMEM: an allocation failed."""


class MissingTerms(PrivpolError, LookupError):
    """PRIVPOL_ETERMS: retention needs a term (the contract's period, the end of the
    relationship) that neither the call nor the policy gives."""


class LimitExceeded(PrivpolError, ValueError):
    """PRIVPOL_ELIMIT: an input exceeds a limit of the library (nesting depth, number of
    fields, size)."""


class PrivpolIOError(PrivpolError, OSError):
    """PRIVPOL_EIO (a file cannot be opened, read or written) or PRIVPOL_EEXIST (a file
    that must be created already exists)."""


_CLASSES: Dict[int, Type[PrivpolError]] = {
    -1: InvalidArgument,
    -2: PrivpolMemoryError,
    -4: ParseError,
    -5: NotFound,
    -8: PrivpolIOError,
    -9: PermissionDenied,
    -10: PermissionDenied,
    -11: AuthenticationFailed,
    -12: ValueRejected,
    -13: NoKey,
    -14: PrivpolIOError,
    -15: MissingTerms,
    -16: LimitExceeded,
}

_DEFAULT_STATUS: Dict[type, int] = {}
for _status, _cls in sorted(_CLASSES.items(), reverse=True):
    _DEFAULT_STATUS[_cls] = _status  # the first status of each class (EPERM, EIO)
del _status, _cls


def _default_status(cls: type) -> int:
    for klass in cls.__mro__:
        if klass in _DEFAULT_STATUS:
            return _DEFAULT_STATUS[klass]
    return -1


def error_for(status: int, message: str, line: int = 0, column: int = 0,
              index: Optional[int] = None) -> PrivpolError:
    """The exception for a status: the class of that status (PrivpolError itself for
    PRIVPOL_ECRYPTO, PRIVPOL_EVERSION, PRIVPOL_EBUFSIZE and unknown codes)."""
    cls = _CLASSES.get(status, PrivpolError)
    return cls(message, status, line, column, index)
