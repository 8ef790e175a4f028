# SPDX-License-Identifier: MIT
"""Functions that need no context: categories, identifiability of combinations, rights
deadlines, token syntax, rotation epochs, versions."""

from __future__ import annotations

import ctypes
import threading
from datetime import datetime
from typing import Any, List, Optional, Tuple

from . import _ffi
from ._util import (EINVAL, ENOTFOUND, category_name, category_value, enum_name,
                    enum_value, from_seconds, invalid, text, to_bytes, to_flag, to_int,
                    to_seconds, type_error)
from .policy import Policy
from .types import Category, Combination

__all__ = [
    "categories", "category_info", "classify_field", "combine", "combination", "deadline",
    "epoch_of", "library_version", "reject_ad", "token_kind",
]

_LEVELS = ("non_identifiable", "pseudonymous", "personal")
_default_policy: Optional[Policy] = None
_default_lock = threading.Lock()


def _policy_or_default(policy: Optional[Policy]) -> Policy:
    global _default_policy
    if policy is not None:
        if not isinstance(policy, Policy):
            raise type_error("policy", "a Policy or None", policy)
        return policy
    with _default_lock:
        if _default_policy is None:
            _default_policy = Policy.default()
        return _default_policy


def library_version() -> str:
    """Version of the loaded libprivpol, such as "0.1.0"."""
    return (_ffi.version_string() or b"").decode()


def categories() -> List[str]:
    """Ids of every data category the library knows, in the order of the
    privpol_category enumeration (PRIVPOL_CATEGORY_LIST): index i is the value i."""
    return [category_name(i) for i in range(_ffi.category_count())]


def category_info(category: Any) -> Category:
    """What the registry says about a category: normalizer, default identifiability,
    seed clause, fideslang and DPV terms. `index` is the category's privpol_category
    value, which every function taking a category accepts in place of its id."""
    i = category_value(category)
    return Category(id=category_name(i), index=i,
                    normalizer=enum_name(_ffi.normalizer_name, _ffi.category_normalizer(i)),
                    identifiability=enum_name(_ffi.identifiability_name,
                                              _ffi.category_identifiability(i)),
                    clause=text(_ffi.category_clause(i)) or "",
                    fideslang=text(_ffi.category_fideslang(i)) or "",
                    dpv=text(_ffi.category_dpv(i)) or "")


def classify_field(field: Any) -> Optional[str]:
    """The category a field name (or JSON path) alone suggests, or None."""
    f = to_bytes(field, "field")
    out, err = _ffi.category_t(), _ffi.Error()
    st = _ffi.classify_field(f, len(f), out, err)
    if st == ENOTFOUND:
        return None
    _ffi.check(st, err, func="privpol_classify_field")
    return category_name(out.value)


def combination(*levels_or_categories: Any, policy: Optional[Policy] = None,
                reidentification_material: bool = False) -> Combination:
    """How identifiable data is when these parts are combined (§7.6, §7.8): each part a
    level name ("non_identifiable", "pseudonymous", "personal") or a category id, under
    the combination rules of `policy` (default: the embedded default policy). With
    `reidentification_material` the keys or a mapping are held too (§7.6)."""
    pol = _policy_or_default(policy)
    for part in levels_or_categories:
        if not isinstance(part, (str, bytes, int)) or isinstance(part, bool):
            raise type_error("each part of a combination", "a level name or a category id",
                             part)
    material = to_flag(reidentification_material, "reidentification_material")
    t, err = _ffi.Taint(), _ffi.Error()
    _ffi.taint_init(t, pol._handle(), err)
    for part in levels_or_categories:
        if isinstance(part, str) and part in _LEVELS:
            _ffi.taint_add_level(t, enum_value("identifiability level", part), err)
        else:
            _ffi.taint_add_category(t, category_value(part), err)
    if material:
        _ffi.taint_add_reidentification_material(t, err)
    level, rule, clause = ctypes.c_int(), ctypes.c_char_p(), ctypes.c_char_p()
    _ffi.taint_result(t, level, rule, clause, err)
    return Combination(level=enum_name(_ffi.identifiability_name, level.value),
                       rule=text(rule.value) or "", clause=text(clause.value) or "")


def combine(*levels_or_categories: Any, policy: Optional[Policy] = None) -> str:
    """The identifiability level of a combination: "non_identifiable", "pseudonymous" or
    "personal" (see :func:`combination`)."""
    return combination(*levels_or_categories, policy=policy).level


def deadline(received: Any, extended: bool = False) -> datetime:
    """When the answer to a data subject's request is due (GDPR Art. 12(3)): the last
    second (UTC) of the day one month after receipt, three months when `extended`."""
    out, err = ctypes.c_int64(), _ffi.Error()
    st = _ffi.retention_deadline(to_seconds(received, "received"),
                                 to_flag(extended, "extended"), out, err)
    # the library's message for EINVAL is the generic one: name the argument
    _ffi.check(st, err, func="privpol_retention_deadline",
               detail={EINVAL: "received is outside years 0001-9999 (or the deadline is)"})
    return from_seconds(out.value)


def token_kind(text_: Any) -> Optional[str]:
    """"pseudonym" or "reversible" when the text has the syntax of a token (no key is
    checked), else None."""
    b = to_bytes(text_, "text")
    return {_ffi.TOKEN_PSEUDONYM: "pseudonym", _ffi.TOKEN_REVERSIBLE: "reversible"}.get(
        _ffi.pseudonym_token_kind(b, len(b)))


def epoch_of(period: str, at: Any) -> Tuple[int, Optional[datetime], Optional[datetime]]:
    """The rotation epoch containing `at`: (number, start, end); start and end are None
    for the period "none" (one epoch for all time)."""
    start, end = ctypes.c_int64(), ctypes.c_int64()
    n = _ffi.period_epoch(enum_value("period", period), to_seconds(at, "at"), start, end)
    if start.value == -(1 << 63):
        return n, None, None
    return n, from_seconds(start.value), from_seconds(end.value)


def reject_ad(line: int, part: int = 1, final: bool = True) -> bytes:
    """The additional data of one part of a reject record of `privpol scrub`, for
    :meth:`Context.unseal` (``privpol-reject:<line>:<part>:<0|1>``)."""
    line, part, final = to_int(line, "line"), to_int(part, "part"), to_flag(final, "final")
    if not (0 < line < 1 << 64 and 0 < part < 1 << 64):  # what c_uint64 would wrap
        raise invalid("line and part are counted from 1, below 2**64")
    size = _ffi.seal_reject_ad_size()
    out, out_len = ctypes.create_string_buffer(size), ctypes.c_size_t(size)
    _ffi.seal_reject_ad(line, part, final, out, out_len, _ffi.Error())
    return out.raw[:out_len.value]
