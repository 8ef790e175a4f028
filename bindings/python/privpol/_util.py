# SPDX-License-Identifier: MIT
"""Conversions shared by the pythonic modules: values, names, times, durations, and the
per-thread scratch buffers of single calls."""

from __future__ import annotations

import ctypes
import math
import os
import threading
import time as _time
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Union

from . import _ffi, errors

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_SECOND = timedelta(seconds=1)

Value = Union[str, bytes, bytearray, memoryview]
Time = Union[datetime, date, int, float, str]

# Status codes of privpol/common.h the modules handle themselves.
EINVAL, EBUFSIZE, ENOTFOUND, ETERMS, ELIMIT = -1, -3, -5, -15, -16


def invalid(message: str) -> errors.PrivpolError:
    """InvalidArgument for an argument of the right type but a wrong value, found before
    any C call (built by _ffi.error(), as every exception of a status)."""
    return _ffi.error(EINVAL, detail=message)


def not_found(message: str) -> errors.PrivpolError:
    """NotFound for a value found unknown before any C call (a category number out of
    range): the message names the argument and the value."""
    return _ffi.error(ENOTFOUND, detail=message)


# ---- argument types ----------------------------------------------------------------------
# Every public function checks the types of its arguments before any C call and raises
# TypeError naming the parameter: ctypes would raise ctypes.ArgumentError, or worse read a
# None as NULL or a str as a sequence of one-character items.

def type_error(what: str, expected: str, value: Any) -> TypeError:
    return TypeError("%s must be %s, not %s" % (what, expected, type(value).__name__))


def to_flag(value: Any, what: str) -> bool:
    """A yes/no argument: bool (or an int, 0 or not)."""
    if isinstance(value, int):  # bool is an int
        return bool(value)
    raise type_error(what, "bool", value)


def to_int(value: Any, what: str) -> int:
    """An integer argument (not a bool, not a float)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise type_error(what, "int", value)


def to_choice(value: Any, what: str, choices: Dict[str, Any]) -> Any:
    """The value of a keyword chosen among names, such as errors="raise"."""
    if not isinstance(value, str):
        raise type_error(what, "str", value)
    try:
        return choices[value]
    except KeyError:
        raise invalid("%s must be %s" % (what, " or ".join(repr(c) for c in choices))) \
            from None


def items_of(values: Any, what: str, item: str = "str or bytes") -> List[Any]:
    """The items of an iterable argument as a list. One str or bytes is refused: iterating
    it would give its characters (or byte values) one by one."""
    if isinstance(values, (str, bytes, bytearray, memoryview)) or values is None:
        raise type_error(what, "an iterable of " + item, values)
    if isinstance(values, list):
        return values
    try:
        return list(values)
    except TypeError:
        raise type_error(what, "an iterable of " + item, values) from None


# ---- values ------------------------------------------------------------------------------

def to_bytes(value: Any, what: str = "value") -> bytes:
    """A value as the bytes the library reads: str as UTF-8, bytes-like as they are."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise type_error(what, "str or bytes", value)


_cstr_cache: Dict[Any, bytes] = {}


def to_cstr(value: Any, what: str) -> bytes:
    """A name (tenant, category, purpose, ...) as a C string: no NUL byte inside, which
    would cut it short. Names recur, so their encodings are cached."""
    try:
        return _cstr_cache[value]
    except (KeyError, TypeError):
        pass
    b = to_bytes(value, what)
    if b"\0" in b:
        raise invalid("%s contains a NUL byte" % what)
    if len(_cstr_cache) >= 4096:
        _cstr_cache.clear()
    if isinstance(value, (str, bytes)):
        _cstr_cache[value] = b
    return b


def opt_cstr(value: Any, what: str) -> Optional[bytes]:
    return None if value is None else to_cstr(value, what)


def text(b: Optional[bytes]) -> Optional[str]:
    """Text borrowed from the library, decoded (UTF-8)."""
    return None if b is None else b.decode("utf-8", "replace")


def fspath(path: Any, what: str = "path") -> bytes:
    """A file name: str, bytes or os.PathLike."""
    try:
        return os.fsencode(os.fspath(path))
    except TypeError:
        raise type_error(what, "a path (str, bytes or os.PathLike)", path) from None


# ---- names of the C enums ----------------------------------------------------------------

_names_cache: Dict[str, Dict[Any, int]] = {}


def _known(name_fn: Callable[[int], Optional[bytes]], limit: int = 64) -> List[str]:
    out = []
    for i in range(limit):
        n = name_fn(i)
        if n is None:
            break
        out.append(n.decode())
    return out


_KINDS: Dict[str, Any] = {
    "role": (lambda: _ffi.role_from_name, lambda: _known(_ffi.role_name)),
    "subject": (lambda: _ffi.subject_from_name, lambda: _known(_ffi.subject_name)),
    "operation": (lambda: _ffi.operation_from_name, lambda: _known(_ffi.operation_name)),
    "recipient": (lambda: _ffi.recipient_from_name, lambda: _known(_ffi.recipient_name)),
    "safeguard": (lambda: _ffi.safeguard_from_name, lambda: _known(_ffi.safeguard_name)),
    "action": (lambda: _ffi.action_from_name, lambda: _known(_ffi.action_name)),
    "identifiability level": (lambda: _ffi.identifiability_from_name,
                              lambda: _known(_ffi.identifiability_name)),
    "period": (lambda: _ffi.period_from_name, lambda: _known(_ffi.period_name)),
    "data state": (lambda: _ffi.data_state_from_name, lambda: _known(_ffi.data_state_name)),
}


def enum_value(kind: str, name: Any, what: Optional[str] = None) -> int:
    """The C enum value of a name such as "processor" (kind "role"); ints pass as they are
    (the library checks their range). @p what names the parameter (default: kind)."""
    if isinstance(name, int) and not isinstance(name, bool):
        return name
    if not isinstance(name, (str, bytes)):
        raise type_error(what or kind, "str", name)
    cache = _names_cache.setdefault(kind, {})
    try:
        return cache[name]
    except (KeyError, TypeError):
        pass
    from_fn, known = _KINDS[kind]
    out, err = ctypes.c_int(), _ffi.Error()
    st = from_fn()(to_cstr(name, kind), out, err)
    _ffi.check(st, err, detail="unknown %s %r" % (kind, name),
               hint={ENOTFOUND: "known: " + ", ".join(known())})
    cache[name] = out.value
    return out.value


def enum_name(name_fn: Callable[[int], Optional[bytes]], value: int) -> str:
    n = name_fn(value)
    return n.decode() if n is not None else str(value)


_categories: Dict[Any, int] = {}


def category_value(category: Any, what: str = "category") -> int:
    """The privpol_category of a category id such as "contact.email", looked up once
    with privpol_category_find(); an int (the enum's value, privpol.category_info().index)
    passes through when in range."""
    if isinstance(category, int) and not isinstance(category, bool):
        if not 0 <= category < _ffi.category_count():
            raise not_found("%s %d out of range (0 to %d)"
                            % (what, category, _ffi.category_count() - 1))
        return category
    if not isinstance(category, (str, bytes)):
        raise type_error(what, "str", category)
    try:
        return _categories[category]
    except (KeyError, TypeError):
        pass
    out, err = _ffi.category_t(), _ffi.Error()
    st = _ffi.category_find(to_cstr(category, what), out, err)
    _ffi.check(st, err, detail="unknown %s %r" % (what, category),
               hint={ENOTFOUND: "privpol.categories() lists them"})
    _categories[category] = out.value
    return out.value


def category_name(category: int) -> str:
    """The id of a privpol_category ("unknown" for a value out of range)."""
    n = _ffi.category_id(category)
    return n.decode() if n is not None else "unknown"


def category_bits(bits: int) -> List[str]:
    return [category_name(i) for i in range(min(64, _ffi.category_count())) if bits >> i & 1]


# ---- times -------------------------------------------------------------------------------

def to_seconds(t: Any, what: str = "time") -> int:
    """Seconds since the epoch of a time: an aware datetime (naive means UTC), a date
    (midnight UTC), int or float seconds, or ISO 8601 text read by the library;
    None means now."""
    if t is None:
        return int(_time.time())
    if isinstance(t, bool):
        raise TypeError("%s must be a datetime or seconds, not bool" % what)
    if isinstance(t, int):
        return t
    if isinstance(t, datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            t = t.replace(tzinfo=UTC)
        return (t - EPOCH) // ONE_SECOND
    if isinstance(t, date):
        return (datetime(t.year, t.month, t.day, tzinfo=UTC) - EPOCH) // ONE_SECOND
    if isinstance(t, float):
        if not math.isfinite(t):
            raise invalid("%s is not a finite number" % what)
        return math.floor(t)
    if isinstance(t, (str, bytes)):
        b = to_bytes(t, what)
        out = ctypes.c_int64()
        _ffi.time_parse(b, len(b), out, _ffi.Error())
        return out.value
    raise TypeError("%s must be a datetime, date, seconds or ISO 8601 text, not %s"
                    % (what, type(t).__name__))


def from_seconds(s: int) -> datetime:
    """An aware UTC datetime."""
    return EPOCH + timedelta(seconds=s)


def to_duration(d: Any, what: str = "duration") -> _ffi.Duration:
    """An ISO 8601 duration text ("P13M"), a timedelta (days and seconds), or a
    privpol Duration struct."""
    if isinstance(d, _ffi.Duration):
        return d
    out = _ffi.Duration()
    if isinstance(d, timedelta):
        if d < timedelta(0):
            raise invalid("%s is negative" % what)
        out.days, out.seconds = d.days, d.seconds
        return out
    if isinstance(d, (str, bytes)):
        b = to_bytes(d, what)
        _ffi.duration_parse(b, len(b), out, _ffi.Error())
        return out
    raise TypeError("%s must be ISO 8601 text such as 'P13M' or a timedelta, not %s"
                    % (what, type(d).__name__))


# ---- scratch buffers of single calls -----------------------------------------------------

class Scratch:
    """One thread's buffers for single calls: an output buffer, its length, an error."""
    SIZE = 4096

    def __init__(self) -> None:
        self.out = ctypes.create_string_buffer(self.SIZE)
        self.out_len = ctypes.c_size_t()
        self.err = _ffi.Error()


_tls = threading.local()


def scratch() -> Scratch:
    try:
        return _tls.scratch  # type: ignore[no-any-return]
    except AttributeError:
        s = _tls.scratch = Scratch()
        return s


def call_out(fn: Callable[..., int], args: tuple, s: Optional[Scratch] = None) -> bytes:
    """Call a function with the output convention of the library (`args`, then `out`,
    `*out_len`: capacity in, length out, the capacity needed on PRIVPOL_EBUFSIZE, then
    the error), retrying once with a buffer of the size asked for; return the bytes
    written."""
    s = s or scratch()
    out, err = s.out, s.err
    s.out_len.value = len(out)
    st = fn(*args, out, s.out_len, err)
    if st == EBUFSIZE:
        out = ctypes.create_string_buffer(s.out_len.value)
        st = fn(*args, out, s.out_len, err)
    _ffi.check(st, err, func=getattr(fn, "__name__", None))
    return out[:s.out_len.value]
