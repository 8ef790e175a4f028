# SPDX-License-Identifier: MIT
"""Policy: the embedded default (the seed policy), policy files and tenant supplements
(privpol/policy.h), plus the record of processing activities (privpol/ropa.h)."""

from __future__ import annotations

import ctypes
import os
from typing import Any, Callable, List, Optional

from . import _ffi
from ._util import (category_bits, category_value, enum_name, enum_value, fspath, invalid,
                    text, to_bytes, to_choice, to_cstr)
from .types import Purpose, Transform

__all__ = ["Policy"]


def _collect(call: Callable[[Any], int]) -> str:
    """Run a writer function of the library (privpol_write_fn) into a str."""
    parts: List[bytes] = []

    def write(data: Any, n: int, payload: Any) -> int:
        parts.append(ctypes.string_at(data, n))
        return 0

    fn = _ffi.WRITE_FN(write)  # kept alive for the call
    call(fn)
    return b"".join(parts).decode("utf-8")


class Policy:
    """A validated, immutable policy. Any number of threads may use one.

    :class:`privpol.Context` keeps its own reference, so a policy may be closed as soon
    as the contexts using it exist.
    """

    __slots__ = ("_h", "_owner")

    def __init__(self, _handle: int, _owner: Any = None) -> None:
        """Not for direct use: Policy.default(), Policy.load(), Policy.parse()."""
        if not isinstance(_handle, int) or _handle == 0:
            raise TypeError("use Policy.default(), Policy.load(path) or Policy.parse(text)")
        self._h: Optional[int] = _handle
        self._owner = _owner  # a Context whose policy this is: borrowed, never freed

    @classmethod
    def default(cls) -> "Policy":
        """The embedded default policy (the seed policy)."""
        h = ctypes.c_void_p()
        _ffi.policy_default(None, h, _ffi.Error())
        return cls(h.value)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Any) -> "Policy":
        """Read and validate a policy file (ParseError with line and column, or
        PrivpolIOError)."""
        h = ctypes.c_void_p()
        _ffi.policy_load(fspath(path), None, h, _ffi.Error())
        return cls(h.value)  # type: ignore[arg-type]

    @classmethod
    def parse(cls, text_: Any) -> "Policy":
        """Parse and validate policy text (str or bytes)."""
        b = to_bytes(text_, "text")
        h = ctypes.c_void_p()
        _ffi.policy_parse(b, len(b), None, h, _ffi.Error())
        return cls(h.value)  # type: ignore[arg-type]

    @staticmethod
    def default_text() -> str:
        """Text of the embedded default policy (policies/default.yaml as built in)."""
        n = ctypes.c_size_t()
        p = _ffi.policy_default_text(n)
        return ctypes.string_at(p, n.value).decode("utf-8")

    def supplement(self, path_or_text: Any) -> "Policy":
        """This policy with a tenant's supplement layered on it (a new Policy).

        `path_or_text` is a path (os.PathLike, or a str without a line break) of a
        supplement file, or its text (bytes, or a str with a line break). A supplement
        that would loosen the base is ParseError naming the rule.
        """
        h = ctypes.c_void_p()
        if isinstance(path_or_text, (bytes, bytearray, memoryview)) or (
                isinstance(path_or_text, str) and "\n" in path_or_text):
            b = to_bytes(path_or_text, "supplement text")
            _ffi.policy_supplement(self._handle(), b, len(b), h, _ffi.Error())
        elif isinstance(path_or_text, (str, os.PathLike)):
            _ffi.policy_supplement_load(self._handle(), fspath(path_or_text), h,
                                        _ffi.Error())
        else:
            raise TypeError("path_or_text must be a path (str or os.PathLike) or the "
                            "supplement's text (str or bytes), not %s"
                            % type(path_or_text).__name__)
        return Policy(h.value)  # type: ignore[arg-type]

    # ---- what the policy says --------------------------------------------------------

    @property
    def id(self) -> str:
        """The policy's id, such as "dialonce-privacy-policy"."""
        return text(_ffi.policy_id(self._handle())) or ""

    @property
    def version(self) -> str:
        """The policy's own version, such as "2021.1"."""
        return text(_ffi.policy_version(self._handle())) or ""

    @property
    def title(self) -> Optional[str]:
        """The policy's title, or None."""
        return text(_ffi.policy_title(self._handle()))

    @property
    def tenant(self) -> Optional[str]:
        """The tenant of a supplemented policy, or None."""
        return text(_ffi.policy_tenant(self._handle()))

    @property
    def purposes(self) -> List[Purpose]:
        """Every purpose, the base's and a supplement's."""
        h = self._handle()
        out = []
        role, err = ctypes.c_int(), _ffi.Error()
        for i in range(_ffi.policy_purpose_count(h)):
            _ffi.policy_purpose_role(h, i, role, err)
            out.append(Purpose(
                id=text(_ffi.policy_purpose_id(h, i)) or "",
                role=enum_name(_ffi.role_name, role.value),
                clause=text(_ffi.policy_purpose_clause(h, i)) or "",
                description=text(_ffi.policy_purpose_description(h, i)),
                categories=tuple(category_bits(_ffi.policy_purpose_categories(h, i)))))
        return out

    def categories(self, role: Any = "processor") -> List[str]:
        """Ids of the categories a role may collect under this policy."""
        return category_bits(_ffi.policy_categories(self._handle(), enum_value("role", role)))

    @property
    def time_fields(self) -> List[str]:
        """Names of the fields a record's event time is read from, in order."""
        n = ctypes.c_size_t()
        names = _ffi.policy_time_fields(self._handle(), n)
        return [names[i].decode() for i in range(n.value)] if names else []

    def transform(self, role: Any, purpose: Any, category: Any) -> Transform:
        """The transform this policy chooses for a category processed by a role for a
        purpose (NotFound for a purpose the role does not have)."""
        t = _ffi.Transform()
        r, p = enum_value("role", role), to_cstr(purpose, "purpose")
        _ffi.policy_transform(self._handle(), r, p, category_value(category), t, _ffi.Error())
        unit = {0: None, 1: "hour", 2: "day"}.get(t.time_unit, str(t.time_unit))
        return Transform(action=enum_name(_ffi.action_name, t.action),
                         reversible=bool(t.flags & _ffi.TRANSFORM_REVERSIBLE),
                         prefix4=t.prefix4, prefix6=t.prefix6,
                         time_unit=unit, rule_id=text(t.rule_id) or "",
                         clause=text(t.clause) or "", line=t.line)

    def write(self, format: str = "yaml") -> str:
        """The effective policy (a supplement merged into its base) as a YAML policy
        file or as JSON."""
        fmt = to_choice(format, "format", {"yaml": _ffi.POLICY_YAML, "json": _ffi.POLICY_JSON})
        h = self._handle()
        return _collect(lambda fn: _ffi.policy_write(h, fmt, fn, None, _ffi.Error()))

    def ropa(self, format: str = "markdown") -> str:
        """The record of processing activities (GDPR Art. 30) of this policy, as
        Markdown or one HTML page."""
        fmt = to_choice(format, "format", {"markdown": _ffi.ROPA_MARKDOWN,
                                           "md": _ffi.ROPA_MARKDOWN, "html": _ffi.ROPA_HTML})
        h = self._handle()
        return _collect(lambda fn: _ffi.ropa_write(h, fmt, fn, None, _ffi.Error()))

    # ---- lifetime --------------------------------------------------------------------

    def _handle(self) -> int:
        if self._h is None:
            raise invalid("the policy is closed")
        if self._owner is not None:
            self._owner._handle()  # a borrowed policy lives as long as its context
        return self._h

    def close(self) -> None:
        """Release this reference to the policy. Idempotent."""
        h, self._h = self._h, None
        if h is not None and self._owner is None:
            _ffi.policy_free(h)

    def __enter__(self) -> "Policy":
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
            return "<privpol.Policy closed>"
        return "<privpol.Policy %s %s%s>" % (self.id, self.version,
                                             " tenant=%s" % self.tenant if self.tenant
                                             else "")

