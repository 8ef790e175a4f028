# SPDX-License-Identifier: MIT
"""Context: the immutable engine every call works under (privpol/context.h) — keys,
policy, role — with pseudonyms, classification, decisions, retention and the record
pipeline on top.

One Context may be shared by any number of threads: the library only reads it, and each
call keeps its state on its own (per-thread scratch buffers, a pool of records). The
batch calls (:meth:`Context.pseudonymize_many`, :meth:`Context.scrub_many`,
:meth:`Context.scrub_lines`) cross into the library once per chunk of tens of thousands
of items, never once per item, and release the GIL while the library works.
"""

from __future__ import annotations

import array
import ctypes
import json
import os
from ctypes import c_char, c_char_p, c_int, c_size_t, c_void_p
from datetime import datetime
from typing import (Any, Callable, Iterable, List, Mapping, Optional, Sequence, Tuple,
                    Union)

from . import _ffi, errors
from ._util import (EBUFSIZE, EINVAL, ELIMIT, ENOTFOUND, ETERMS, Scratch, call_out,
                    category_bits, category_name, category_value, enum_name, enum_value,
                    from_seconds, invalid, items_of, opt_cstr, scratch, text, to_bytes,
                    to_choice, to_cstr, to_duration, to_flag, to_seconds, type_error)
from .keyring import Keyring
from .policy import Policy
from .types import (Classification, Decision, ProcessedRecord, RecordDecision, RecordField,
                    Retention, Span, SubjectToken)

__all__ = ["Context"]

#: Values per call of privpol_pseudonymizer_run_many(): bounds the transient memory of a
#: batch (its packed input and output) whatever its length.
PSEUDONYM_CHUNK = 65536
#: Texts per call of privpol_record_scrub_json_many().
SCRUB_CHUNK = 8192
#: Size of the pooled output buffers of batch calls.
BATCH_BUFFER = 4 << 20

#: A category argument: its id, or its privpol_category value.
CategoryArg = Union[str, bytes, int]

_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                allow_nan=False).encode


class _Out:
    """An output buffer for the batch calls: a bytearray and a ctypes view of it."""
    __slots__ = ("raw", "c")

    def __init__(self, size: int) -> None:
        self.raw = bytearray(size)
        self.c = (c_char * size).from_buffer(self.raw)


_pool: List[_Out] = []  # list.pop() and list.append() are atomic: shared by threads


def _take_out() -> _Out:
    try:
        return _pool.pop()
    except IndexError:
        return _Out(BATCH_BUFFER)


def _give_out(o: _Out) -> None:
    if len(_pool) < 8:
        _pool.append(o)


def _pack(items: Sequence[Any], what: str) -> Tuple[bytes, "array.array[int]"]:
    """Items back to back as bytes, plus their lengths as a size_t array: one join when
    they are all ASCII str (the common case), one encode per item otherwise."""
    try:
        joined = "".join(items)
    except TypeError:
        enc = [to_bytes(v, what) for v in items]
    else:
        if joined.isascii():
            return joined.encode("ascii"), array.array(_ffi.SIZE_T_CODE, map(len, items))
        enc = [s.encode("utf-8") for s in items]
    return b"".join(enc), array.array(_ffi.SIZE_T_CODE, map(len, enc))


_INT_SIZE = ctypes.sizeof(c_int)


def _run_batch(call: Callable[..., int], data: bytes, lens: "array.array[int]",
               keep_going: bool, decode: Callable[[memoryview], List[Any]],
               first: int = 0) -> Tuple[List[Any], bool]:
    """Drive one of the *_many functions over packed items: one call when the output
    fits the pooled buffer, more when it does not (the function stops where the buffer
    is full and says how far it got). `call(values, lens, count, out, out_len, statuses,
    done, err)`. Returns the decoded lines and whether an item failed (keep_going);
    without keep_going the first failure raises, with its index (`first` + position)."""
    n = len(lens)
    parts: List[Any] = []
    failed = False
    if n == 0:
        return parts, failed
    out = _take_out()
    o = out
    out_len, done, err = c_size_t(), c_size_t(), _ffi.Error()
    statuses = (c_int * n)() if keep_going else None
    start = off = 0
    try:
        while True:
            count = n - start
            lens_p = (c_size_t * count).from_buffer(lens, start * lens.itemsize)
            st_p = None if statuses is None else (c_int * count).from_buffer(
                statuses, start * _INT_SIZE)
            if off == 0:
                values: Any = data
            else:
                values = c_char_p(ctypes.cast(data, c_void_p).value + off)  # type: ignore
            out_len.value = len(o.raw)
            err.status = 0
            st = call(values, lens_p, count, o.c, out_len, st_p, done, err)
            k = done.value
            if k:
                parts.extend(decode(memoryview(o.raw)[:out_len.value - 1]))
            if keep_going and err.status not in (0, EBUFSIZE):
                failed = True
            if st == 0:
                return parts, failed
            if st != EBUFSIZE:
                raise _ffi.error(st, err, index=first + start + k, line=first + start + k + 1,
                                 func=getattr(call, "c_name", None))
            if k == 0:
                o = _Out(len(o.raw) * 2)  # one item larger than the buffer
                continue
            off += sum(lens[start:start + k])
            start += k
    finally:
        _give_out(out)


def _decode_tokens(mv: memoryview) -> List[str]:
    return str(mv, "ascii").split("\n")


def _decode_lines(mv: memoryview) -> List[bytes]:
    return bytes(mv).split(b"\n")


def _decode_blob(mv: memoryview) -> List[bytes]:
    return [bytes(mv)]


_ERRORS = {"raise": False, "none": True}


def _keep_going(errors_: Any) -> bool:
    return to_choice(errors_, "errors", _ERRORS)  # type: ignore[no-any-return]


def _record(record: Any, what: str = "record") -> bytes:
    """A record (a mapping) as the JSON text the library reads."""
    if not isinstance(record, Mapping):
        raise type_error(what, "a dict (a mapping)", record)
    return _encode_json(record)  # type: ignore[no-any-return]


def _opt_time(s: int) -> Optional[datetime]:
    try:
        return from_seconds(s)
    except (OverflowError, ValueError):
        return None  # unbounded epochs (INT64_MIN, INT64_MAX)


class Context:
    """The engine: a keyring, a policy and a role, immutable once built.

    Args:
        keyring: a :class:`Keyring`, or the path of a key file, or None (no pseudonyms).
            The context copies the keys: the keyring may be closed afterwards.
        policy: a :class:`Policy`, or the path of a policy file, or None (the embedded
            default). The context keeps its own reference.
        role: "processor" (default) or "controller".
        default_region: ISO 3166-1 alpha-2 region of national phone numbers.
        allow_reveal: may reveal reversible tokens and unseal (never a processor).
        default_period: rotation of pseudonyms ("none", "day", "week", "month", "year")
            for categories the policy and `periods` say nothing about.
        periods: {category: period} overriding the policy's rotation rules.
        email_keep_case: keep the case of email local parts.

    A context is a context manager; :meth:`close` frees it (it must not race with calls
    in other threads). Times are datetimes (naive means UTC), dates, seconds since the
    epoch or ISO 8601 text, None meaning now; values are str (UTF-8) or bytes.
    """

    def __init__(self, keyring: Union[Keyring, str, "os.PathLike[str]", None] = None,
                 policy: Union[Policy, str, "os.PathLike[str]", None] = None,
                 role: str = "processor", default_region: str = "FR",
                 allow_reveal: bool = False, *, default_period: str = "none",
                 periods: Optional[Mapping[str, str]] = None,
                 email_keep_case: bool = False) -> None:
        self._h: Optional[int] = None
        self._records: List[int] = []
        own_keyring = own_policy = None
        for what, v, cls in (("keyring", keyring, Keyring), ("policy", policy, Policy)):
            if v is not None and not isinstance(v, (cls, str, bytes, os.PathLike)):
                raise type_error(what, "a %s, a path or None" % cls.__name__, v)
        if periods is not None and not isinstance(periods, Mapping):
            raise type_error("periods", "a dict {category: period} or None", periods)
        if default_region is not None and not isinstance(default_region, (str, bytes)):
            raise type_error("default_region", "str", default_region)
        reveal, keep_case = (to_flag(allow_reveal, "allow_reveal"),
                             to_flag(email_keep_case, "email_keep_case"))
        if keyring is not None and not isinstance(keyring, Keyring):
            keyring = own_keyring = Keyring.load(keyring)
        if policy is not None and not isinstance(policy, Policy):
            policy = own_policy = Policy.load(policy)
        try:
            o = _ffi.CtxOptions()
            _ffi.ctx_options_init(o)
            o.keyring = keyring._handle() if keyring is not None else None
            o.policy = policy._handle() if policy is not None else None
            o.role = enum_value("role", role)
            o.flags = ((_ffi.CTX_ALLOW_REVEAL if reveal else 0)
                       | (_ffi.CTX_EMAIL_KEEP_CASE if keep_case else 0))
            region = to_bytes(default_region or b"", "default_region")
            if len(region) not in (0, 2) or not region.isalpha() and region:
                raise invalid("default_region must be a two-letter ISO 3166-1 code")
            o.default_region = region.upper()
            o.default_period = enum_value("period", default_period, "default_period")
            rules = None
            if periods:
                items = list(periods.items())
                rules = (_ffi.PeriodRule * len(items))()
                for i, (cat, per) in enumerate(items):
                    rules[i].category = category_value(cat, "periods")
                    rules[i].period = enum_value("period", per, "periods")
                o.periods, o.periods_len = rules, len(items)
            h = c_void_p()
            _ffi.ctx_new(o, h, _ffi.Error())
            self._h = h.value
        finally:
            if own_keyring is not None:
                own_keyring.close()
            if own_policy is not None:
                own_policy.close()

    # ---- lifetime --------------------------------------------------------------------

    def _handle(self) -> int:
        h = self._h
        if h is None:
            raise invalid("the context is closed")
        return h

    def close(self) -> None:
        """Free the context (wiping its keys) and its pooled records. Idempotent."""
        h, self._h = self._h, None
        records, self._records = self._records, []
        for r in records:
            _ffi.record_free(r)
        if h is not None:
            _ffi.ctx_free(h)

    def __enter__(self) -> "Context":
        self._handle()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be gone
            pass

    def __reduce__(self) -> Any:
        raise TypeError("a Context cannot be pickled: build one where it is used, with the "
                        "keyring loaded there from its file")

    def __repr__(self) -> str:
        if self._h is None:
            return "<privpol.Context closed>"
        return "<privpol.Context role=%s policy=%s>" % (self.role, self.policy.id)

    @property
    def role(self) -> str:
        """The context's role: "processor" or "controller"."""
        return enum_name(_ffi.role_name, _ffi.ctx_role(self._handle()))

    @property
    def policy(self) -> Policy:
        """The policy the context works under (borrowed: valid while the context is)."""
        return Policy(_ffi.ctx_policy(self._handle()), _owner=self)

    def period(self, category: CategoryArg) -> str:
        """The rotation period the context applies to a category's pseudonyms."""
        out = c_int()
        h = self._handle()
        _ffi.ctx_period(h, category_value(category), out, _ffi.Error())
        return enum_name(_ffi.period_name, out.value)

    # ---- pseudonyms ------------------------------------------------------------------

    def pseudonymize(self, value: Any, category: CategoryArg, tenant: str, at: Any = None,
                     reversible: bool = False) -> str:
        """The keyed pseudonym of a value (`pd1.<key id>.<22 chars>`), or with
        `reversible` a token the key holder can reveal (`pr1.`...). The value is
        normalized by its category first; a token of this context passes through.
        ValueRejected when the value is not a valid identifier of the category."""
        h = self._h
        if h is None:
            raise invalid("the context is closed")
        v = value.encode("utf-8") if type(value) is str else to_bytes(value)
        t, c = to_cstr(tenant, "tenant"), category_value(category)
        flags = 0 if reversible is False else (
            _ffi.PSEUDONYM_REVERSIBLE if to_flag(reversible, "reversible") else 0)
        s = scratch()
        s.out_len.value = Scratch.SIZE
        st = _ffi.pseudonymize(h, t, c, v, len(v), at if type(at) is int else to_seconds(at),
                               flags, s.out, s.out_len, s.err)
        if st == 0:
            return s.out.value.decode("ascii")  # a token holds no NUL
        if st != EBUFSIZE:
            raise _ffi.error(st, s.err, func="privpol_pseudonymize")
        return call_out(_ffi.pseudonymize,
                        (h, t, c, v, len(v), to_seconds(at), flags)).decode("ascii")

    def pseudonymize_many(self, values: Iterable[Any], category: CategoryArg, tenant: str,
                          at: Any = None, *, reversible: bool = False,
                          errors: str = "raise") -> List[Any]:
        """Pseudonyms of many values of one category and tenant at one time, in order:
        what :meth:`pseudonymize` gives for each, through one library call per
        PSEUDONYM_CHUNK values.

        With errors="raise" (default) the first invalid value raises (ValueRejected...)
        with `.index` its position and `.line` = index + 1; with errors="none" it gets
        None in the result instead.
        """
        keep_going = _keep_going(errors)
        items = items_of(values, "values")
        t, c = to_cstr(tenant, "tenant"), category_value(category)
        at_s = to_seconds(at)
        flags = _ffi.PSEUDONYM_REVERSIBLE if to_flag(reversible, "reversible") else 0
        if not items:
            return []
        pz = c_void_p()
        _ffi.pseudonymizer_new(self._handle(), t, c, pz, _ffi.Error())

        def call(vals: Any, lens: Any, count: int, out: Any, out_len: Any, st: Any,
                 done: Any, err: Any) -> int:
            return _ffi.pseudonymizer_run_many(pz, vals, lens, count, at_s, flags, out,
                                               out_len, st, done, err)
        call.c_name = "privpol_pseudonymizer_run_many"  # type: ignore[attr-defined]
        try:
            result: List[Any] = []
            for first in range(0, len(items), PSEUDONYM_CHUNK):
                part = items[first:first + PSEUDONYM_CHUNK] if len(items) > PSEUDONYM_CHUNK \
                    else items
                data, lens = _pack(part, "value")
                tokens, failed = _run_batch(call, data, lens, keep_going, _decode_tokens,
                                            first)
                if failed:
                    tokens = [t or None for t in tokens]
                if first == 0:
                    result = tokens
                else:
                    result.extend(tokens)
            return result
        finally:
            _ffi.pseudonymizer_free(pz)

    def reveal(self, token: Any, tenant: str) -> str:
        """The normalized value of a reversible token made for `tenant` (the key
        holder's operation: the context needs allow_reveal and the controller role,
        else PermissionDenied; a tampered or foreign token is AuthenticationFailed).
        Bytes that are not UTF-8 (opaque values) come back as surrogate escapes."""
        t = to_bytes(token, "token")
        raw = call_out(_ffi.reveal, (self._handle(), to_cstr(tenant, "tenant"), t, len(t),
                                     None))
        return raw.decode("utf-8", "surrogateescape")

    def normalize(self, value: Any, category: CategoryArg) -> str:
        """The canonical text of a value as its category reads it (what reveal gives):
        IPv4 dotted quad, IPv6 per RFC 5952, E.164 phone, lowercased email..."""
        v = to_bytes(value)
        raw = call_out(_ffi.normalize, (self._handle(), category_value(category), v, len(v)))
        return raw.decode("utf-8", "surrogateescape")

    def subject_token_info(self, value: Any, category: CategoryArg, tenant: str, start: Any,
                           end: Any) -> List[SubjectToken]:
        """Every pseudonym an identifier may have had during [start, end) (§11), one per
        epoch and key, in time order, with the key id and the epoch."""
        v = to_bytes(value)
        found: List[SubjectToken] = []

        def each(tp: Any, payload: Any) -> int:
            t = tp.contents
            found.append(SubjectToken(token=t.token.decode("ascii"),
                                      category=category_name(t.category),
                                      key_id=text(t.key_id) or "",
                                      epoch_start=_opt_time(t.epoch_start),
                                      epoch_end=_opt_time(t.epoch_end)))
            return 0

        fn = _ffi.PSEUDONYM_TOKEN_FN(each)
        _ffi.pseudonym_subject_tokens(self._handle(), to_cstr(tenant, "tenant"),
                                      category_value(category), v, len(v),
                                      to_seconds(start), to_seconds(end), fn, None,
                                      _ffi.Error())
        return found

    def subject_tokens(self, value: Any, category: CategoryArg, tenant: str, start: Any,
                       end: Any) -> List[str]:
        """Every pseudonym an identifier may have had during [start, end) (§11): what to
        look for in the data when the subject asks for access or erasure."""
        return [t.token for t in self.subject_token_info(value, category, tenant, start,
                                                         end)]

    # ---- classification --------------------------------------------------------------

    def classify(self, value: Any, field: Optional[Any] = None) -> Classification:
        """The category of one value, optionally named by its field (a JSON path such as
        "client.ip"); `unknown` when nothing recognizes it (treated as personal)."""
        v = to_bytes(value)
        f = None if field is None else to_bytes(field, "field")
        c = _ffi.Classification()
        _ffi.classify(self._handle(), f, len(f) if f is not None else 0, v, len(v), c,
                      _ffi.Error())
        return Classification(category_name(c.category), round(c.confidence, 6), c.flags)

    def scan(self, text_: Any) -> List[Span]:
        """The personal data found in free text: sorted, non-overlapping spans."""
        b = to_bytes(text_, "text")
        cap = 32
        spans = (_ffi.Span * cap)()
        n, err = c_size_t(cap), _ffi.Error()
        st = _ffi.scan(self._handle(), b, len(b), spans, n, err)
        if st == EBUFSIZE:
            cap = n.value
            spans = (_ffi.Span * cap)()
            n.value = cap
            st = _ffi.scan(self._handle(), b, len(b), spans, n, err)
        _ffi.check(st, err, func="privpol_scan")
        as_str = isinstance(text_, str) and not text_.isascii()
        out = []
        for i in range(n.value):
            s = spans[i]
            ts, te = s.start, s.end
            if as_str:
                ts = len(b[:s.start].decode("utf-8", "replace"))
                te = ts + len(b[s.start:s.end].decode("utf-8", "replace"))
            out.append(Span(s.start, s.end, category_name(s.category),
                            round(s.confidence, 6), ts, te))
        return out

    def redact(self, text_: Any, pseudonymize: bool = False, tenant: Optional[str] = None,
               at: Any = None) -> str:
        """Free text with each span :meth:`scan` finds replaced by its label
        (`[contact.email]`), or with `pseudonymize` by its pseudonym under `tenant`."""
        b = to_bytes(text_, "text")
        flags = _ffi.REDACT_PSEUDONYMIZE if to_flag(pseudonymize, "pseudonymize") else 0
        if flags and tenant is None:
            raise invalid("redact(pseudonymize=True) needs the tenant of the pseudonyms")
        raw = call_out(_ffi.redact, (self._handle(), opt_cstr(tenant, "tenant"),
                                     to_seconds(at), flags, b, len(b)))
        return raw.decode("utf-8", "replace")

    # ---- decisions, retention --------------------------------------------------------

    def decide(self, purpose: str, categories: Union[str, int, Iterable[Any]],
               operation: str = "use", tenant: Optional[str] = None,
               role: Optional[str] = None, *, subject: Optional[str] = None,
               recipient: Optional[str] = None, recipient_tenant: Optional[str] = None,
               partner: Optional[str] = None, country: Optional[str] = None,
               safeguard: Optional[str] = None, identifiability: Optional[str] = None,
               states: Union[None, str, Iterable[str]] = None,
               at: Any = 0, consent: bool = False, legal_requirement: bool = False,
               erasure_requested: bool = False, contract: bool = False,
               adequacy_covered: bool = False, need_to_know: bool = False,
               restructuring: bool = False, processor_data: bool = False,
               objections: Iterable[str] = (), restrictions: Iterable[str] = ()) -> Decision:
        """May `role` (default: the context's) perform `operation` on `categories` for
        `purpose` (and disclose them to `recipient`)? A denial is not an error: the
        Decision says allowed or not and cites the clause. Anything the policy does not
        explicitly allow is denied. `at` 0 means now (for dated adequacy decisions).
        The engine computes how identifying the data is from the categories and `states`
        (what was done to each: "clear", the default, "pseudonymized", "generalized" or
        "aggregated"; one state for all, or one per category); `identifiability` can only
        raise that level."""
        h = self._handle()
        r = _ffi.Request()
        _ffi.request_init(r)
        r.role = enum_value("role", role) if role is not None else _ffi.ctx_role(h)
        r.tenant = opt_cstr(tenant, "tenant")
        r.recipient_tenant = opt_cstr(recipient_tenant, "recipient_tenant")
        r.purpose = to_cstr(purpose, "purpose")
        r.operation = enum_value("operation", operation)
        cats = [categories] if isinstance(categories, (str, bytes, int)) \
            else items_of(categories, "categories", "category ids")
        idx = (_ffi.category_t * max(1, len(cats)))(*[category_value(c) for c in cats])
        r.categories, r.category_count = idx, len(cats)
        flags = 0
        if subject is not None:
            r.subject = enum_value("subject", subject)
            flags |= _ffi.REQ_SUBJECT
        if recipient is not None:
            r.recipient = enum_value("recipient", recipient)
            flags |= _ffi.REQ_RECIPIENT
        if identifiability is not None:
            r.identifiability = enum_value("identifiability level", identifiability)
        if states is not None:
            names = [states] if isinstance(states, (str, bytes)) \
                else items_of(states, "states", "data states")
            if len(names) == 1:
                names = names * len(cats)
            if len(names) != len(cats):
                raise invalid("states: one state, or one per category")
            st_arr = (c_int * len(names))(*[enum_value("data state", s, "states")
                                            for s in names])
            r.states = st_arr
        r.partner = opt_cstr(partner, "partner")
        r.country = opt_cstr(country, "country")
        if safeguard is not None:
            r.safeguard = enum_value("safeguard", safeguard)
        r.at = 0 if at == 0 else to_seconds(at)
        for name, on, bit in (("consent", consent, _ffi.REQ_CONSENT),
                              ("legal_requirement", legal_requirement,
                               _ffi.REQ_LEGAL_REQUIREMENT),
                              ("erasure_requested", erasure_requested,
                               _ffi.REQ_ERASURE_REQUESTED),
                              ("contract", contract, _ffi.REQ_CONTRACT),
                              ("adequacy_covered", adequacy_covered,
                               _ffi.REQ_ADEQUACY_COVERED),
                              ("need_to_know", need_to_know, _ffi.REQ_NEED_TO_KNOW),
                              ("restructuring", restructuring, _ffi.REQ_RESTRUCTURING),
                              ("processor_data", processor_data, _ffi.REQ_PROCESSOR_DATA)):
            if to_flag(on, name):
                flags |= bit
        r.flags = flags
        obj = [to_cstr(p, "objections") for p in items_of(objections, "objections",
                                                            "purpose ids")]
        res = [to_cstr(p, "restrictions") for p in items_of(restrictions, "restrictions",
                                                             "purpose ids")]
        if obj:
            r.objections, r.objection_count = (c_char_p * len(obj))(*obj), len(obj)
        if res:
            r.restrictions, r.restriction_count = (c_char_p * len(res))(*res), len(res)
        d = _ffi.Decision()
        _ffi.decide(h, r, d, _ffi.Error())  # a denial is PRIVPOL_OK: not an exception
        return Decision(allowed=d.verdict == 1, clause=text(d.clause) or "",
                        reason=text(d.reason) or "", check=text(d.check) or "", line=d.line)

    def retention(self, purpose: str, category: CategoryArg, collected_at: Any,
                  role: Optional[str] = None, contract_period: Any = None,
                  contract_end: Any = None, relationship_end: Any = None,
                  changed_at: Any = None, legal_hold_until: Any = None) -> Retention:
        """Until when a datum may be kept under the context's policy, what is due then,
        the rule (its id and clause) and the explanation of how the time was reached.
        MissingTerms when the rule needs a term (the contract's period, the
        relationship's end) that neither the call nor the policy gives."""
        h = self._handle()
        t = _ffi.RetentionTerms()
        if contract_period is not None:
            t.contract_period = to_duration(contract_period, "contract_period")
            t.has_contract_period = True
        for name, v in (("contract_end", contract_end), ("relationship_end", relationship_end),
                        ("changed_at", changed_at), ("legal_hold_until", legal_hold_until)):
            if v is not None:
                setattr(t, name, to_seconds(v, name))
                setattr(t, "has_legal_hold" if name == "legal_hold_until" else "has_" + name,
                        True)
        req = _ffi.RetentionRequest()
        req.role = enum_value("role", role) if role is not None else _ffi.ctx_role(h)
        req.purpose = to_cstr(purpose, "purpose")
        req.category = category_value(category)
        req.collected_at = to_seconds(collected_at, "collected_at")
        req.terms = ctypes.pointer(t)
        out, err = _ffi.Retention(), _ffi.Error()
        st = _ffi.retention_compute(h, req, out, err)
        if st < 0:
            # what the library cannot know: the arguments of this method
            where = "purpose %r of role %s, category %s" % (
                text(req.purpose), enum_name(_ffi.role_name, req.role),
                category_name(req.category))
            raise _ffi.error(st, err, func="privpol_retention_compute", detail={
                EINVAL: "collected_at or a term is outside years 0001-9999, or the result "
                        "would be after 9999"}, hint={
                ETERMS: "%s: pass contract_period or contract_end for processor data, "
                        "relationship_end for account data" % where,
                ENOTFOUND: where})
        return Retention(until=from_seconds(out.until),
                         action="anonymize" if out.action == _ffi.RETENTION_ANONYMIZE
                         else "erase",
                         explanation=text(out.explanation) or "",
                         clause=text(out.clause) or "", rule_id=text(out.rule_id) or "")

    def retain_until(self, purpose: str, category: CategoryArg, collected_at: Any,
                     role: Optional[str] = None, contract_period: Any = None,
                     contract_end: Any = None, relationship_end: Any = None,
                     changed_at: Any = None, legal_hold_until: Any = None) -> datetime:
        """Until when a datum may be kept (an aware UTC datetime); see :meth:`retention`."""
        return self.retention(purpose, category, collected_at, role, contract_period,
                              contract_end, relationship_end, changed_at,
                              legal_hold_until).until

    # ---- sealing ---------------------------------------------------------------------

    def seal(self, data: Any, ad: Any = b"", at: Any = 0) -> str:
        """Seal bytes under the key in force at `at` (0: now) into a `ps1.` text that only
        a context with allow_reveal can open, with the same additional data `ad`."""
        d, a = to_bytes(data, "data"), to_bytes(ad, "ad")
        n = _ffi.seal_len(len(d))
        out = ctypes.create_string_buffer(n + 1)
        out_len = c_size_t(n + 1)
        _ffi.seal(self._handle(), 0 if at == 0 else to_seconds(at), a, len(a), d, len(d), out,
                  out_len, _ffi.Error())
        return out[:out_len.value].decode("ascii")

    def unseal(self, sealed: Any, ad: Any = b"") -> bytes:
        """The bytes of a sealed text (allow_reveal needed; AuthenticationFailed when it
        was tampered with or sealed for other additional data)."""
        t, a = to_bytes(sealed, "sealed text"), to_bytes(ad, "ad")
        return call_out(_ffi.unseal, (self._handle(), a, len(a), t, len(t)))

    # ---- records ---------------------------------------------------------------------

    def _take_record(self) -> int:
        try:
            return self._records.pop()
        except IndexError:
            r = c_void_p()
            _ffi.record_new(self._handle(), r, _ffi.Error())
            return r.value  # type: ignore[return-value]

    def _give_record(self, r: int) -> None:
        if self._h is not None and len(self._records) < 64:
            self._records.append(r)
        else:
            _ffi.record_free(r)

    @staticmethod
    def _request(tenant: Any, role: Any, purpose: Any, tenant_field: Any = None,
             contract_period: Any = None, contract_end: Any = None, event_time: Any = None,
             time_field: Any = None, subject: Any = None, tenants: Any = None
             ) -> _ffi.RecordRequest:
        req = _ffi.RecordRequest()
        req.tenant = opt_cstr(tenant, "tenant")
        req.tenant_field = opt_cstr(tenant_field, "tenant_field")
        if tenants is not None:
            ids = [to_cstr(t, "tenants") for t in items_of(tenants, "tenants",
                                                           "tenant ids")]
            arr = (ctypes.c_char_p * max(len(ids), 1))(*ids)
            req.tenants = ctypes.cast(arr, ctypes.POINTER(ctypes.c_char_p))
            req.tenant_count = len(ids)
            req._keep = arr  # the ids live as long as the request
        if tenant is None and tenant_field is None:
            raise invalid("a tenant (or a tenant_field naming it in each record) is needed")
        req.role = enum_value("role", role)
        req.purpose = opt_cstr(purpose, "purpose")
        req.time_field = opt_cstr(time_field, "time_field")
        if event_time is not None:
            req.event_time = to_seconds(event_time, "event_time")
        if subject is not None:
            req.subject = enum_value("subject", subject)
            req.flags |= _ffi.REQ_SUBJECT
        if contract_period is not None or contract_end is not None:
            t = _ffi.RetentionTerms()
            if contract_period is not None:
                t.contract_period = to_duration(contract_period, "contract_period")
                t.has_contract_period = True
            if contract_end is not None:
                t.contract_end = to_seconds(contract_end, "contract_end")
                t.has_contract_end = True
            req.terms = ctypes.pointer(t)
        return req

    def scrub(self, record: Mapping[str, Any], tenant: Optional[str] = None,
              role: str = "processor", purpose: Optional[str] = None, *,
              tenant_field: Optional[str] = None, contract_period: Any = None,
              contract_end: Any = None, event_time: Any = None,
              time_field: Optional[str] = None, subject: Optional[str] = None,
              tenants: Optional[Iterable[str]] = None) -> Any:
        """One record (a dict) through the pipeline: each field classified, decided and
        transformed as the policy says, a `_privpol` object added (identifiability,
        retain_until, categories, policy). The same bytes as `privpol scrub` writes for
        the record as one JSON line, parsed back. With `tenant_field`, the record's
        tenant must be one of `tenants` (or the supplement's tenant), else
        NotFoundError."""
        req = self._request(tenant, role, purpose, tenant_field, contract_period, contract_end,
                            event_time, time_field, subject, tenants)
        b = _record(record).encode("utf-8")
        r = self._take_record()
        try:
            res, n = c_void_p(), c_size_t()
            _ffi.record_scrub_json(r, req, b, len(b), res, n, _ffi.Error())
            out = ctypes.string_at(res.value, n.value)  # type: ignore[arg-type]
        finally:
            self._give_record(r)
        return json.loads(out)

    def _scrub_batch(self, texts: List[Any], req: _ffi.RecordRequest, keep_going: bool,
                     decode: Callable[[memoryview], List[Any]]) -> Tuple[List[Any], bool]:
        def call(vals: Any, lens: Any, count: int, out: Any, out_len: Any, st: Any,
                 done: Any, err: Any) -> int:
            return _ffi.record_scrub_json_many(r, req, vals, lens, count, out, out_len, st,
                                               done, err)
        call.c_name = "privpol_record_scrub_json_many"  # type: ignore[attr-defined]
        result: List[Any] = []
        failed = False
        r = self._take_record()
        try:
            for first in range(0, len(texts), SCRUB_CHUNK):
                part = texts[first:first + SCRUB_CHUNK] if len(texts) > SCRUB_CHUNK \
                    else texts
                data, lens = _pack(part, "line")
                got, bad = _run_batch(call, data, lens, keep_going, decode, first)
                result.extend(got)
                failed = failed or bad
        finally:
            self._give_record(r)
        return result, failed

    def scrub_many(self, records: Iterable[Mapping[str, Any]], tenant: Optional[str] = None,
                   role: str = "processor", purpose: Optional[str] = None, *,
                   tenant_field: Optional[str] = None, contract_period: Any = None,
                   contract_end: Any = None, event_time: Any = None,
                   time_field: Optional[str] = None, subject: Optional[str] = None,
                   errors: str = "raise", tenants: Optional[Iterable[str]] = None
                   ) -> List[Any]:
        """:meth:`scrub` over many records, in order, through one library call per
        SCRUB_CHUNK records. errors="raise": the first record that cannot be scrubbed
        raises (with `.index`, and `.line` = index + 1); errors="none": None instead."""
        keep_going = _keep_going(errors)
        req = self._request(tenant, role, purpose, tenant_field, contract_period, contract_end,
                            event_time, time_field, subject, tenants)
        texts = [_record(r, "records") for r in items_of(records, "records", "dicts")]
        if not texts:
            return []
        blobs, failed = self._scrub_batch(texts, req, keep_going, _decode_blob)
        whole = b"\n".join(blobs)
        if not failed:
            return json.loads(b"[" + whole.replace(b"\n", b",") + b"]")  # type: ignore
        return [json.loads(line) if line else None for line in whole.split(b"\n")]

    def scrub_lines(self, lines: Iterable[Any], tenant: Optional[str] = None,
                    role: str = "processor", purpose: Optional[str] = None, *,
                    tenant_field: Optional[str] = None, contract_period: Any = None,
                    contract_end: Any = None, event_time: Any = None,
                    time_field: Optional[str] = None, subject: Optional[str] = None,
                    errors: str = "raise", tenants: Optional[Iterable[str]] = None
                    ) -> List[Optional[bytes]]:
        """Scrub JSON texts (str or bytes, one object each, a trailing line feed allowed)
        and return each scrubbed line exactly as the library writes it (bytes, no line
        feed): byte for byte what `privpol scrub` writes. errors="raise": the first bad
        line raises (ParseError, LimitExceeded...) with `.line` = its index + 1;
        errors="none": None in its place."""
        keep_going = _keep_going(errors)
        req = self._request(tenant, role, purpose, tenant_field, contract_period, contract_end,
                            event_time, time_field, subject, tenants)
        items = items_of(lines, "lines")
        if not items:
            return []
        out, failed = self._scrub_batch(items, req, keep_going, _decode_lines)
        if failed:
            return [line or None for line in out]
        return out

    def scrub_accesslog(self, line: Any, tenant: Optional[str] = None,
                        role: str = "processor", purpose: Optional[str] = None, *,
                        event_time: Any = None) -> str:
        """One web-server access-log line (common or combined format, trailing fields
        allowed) with every field transformed as the policy says: client address,
        ident, user, request URL, referer, user agent, X-Forwarded-For addresses."""
        req = self._request(tenant, role, purpose, event_time=event_time)
        b = to_bytes(line, "line")
        r = self._take_record()
        try:
            res, n = c_void_p(), c_size_t()
            _ffi.record_scrub_accesslog(r, req, b, len(b), res, n, _ffi.Error())
            out = ctypes.string_at(res.value, n.value)  # type: ignore[arg-type]
        finally:
            self._give_record(r)
        return out.decode("utf-8", "replace")

    def process(self, fields: Union[Mapping[str, Any], Iterable[Sequence[Any]]],
                tenant: Optional[str] = None, role: str = "processor",
                purpose: Optional[str] = None, *, event_time: Any = None,
                contract_period: Any = None, contract_end: Any = None,
                subject: Optional[str] = None) -> ProcessedRecord:
        """The record pipeline on fields given one by one: a mapping {name: value} or
        (name, value) / (name, value, category) items, a category declared by the caller
        being trusted. Returns every field's fate and the record's summary."""
        req = self._request(tenant, role, purpose, None, contract_period, contract_end,
                            event_time, None, subject)
        items = list(fields.items()) if isinstance(fields, Mapping) \
            else items_of(fields, "fields", "(name, value[, category]) items")
        for item in items:
            if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) \
                    or len(item) not in (2, 3):
                raise type_error("each item of fields", "a (name, value[, category]) tuple",
                                 item)
        r = self._take_record()
        err = _ffi.Error()
        try:
            _ffi.record_clear(r)
            for i, item in enumerate(items):
                name, value = to_bytes(item[0], "field name"), to_bytes(item[1], "field value")
                cat = category_value(item[2]) if len(item) > 2 and item[2] is not None \
                    else _ffi.CAT_AUTO
                st = _ffi.record_add(r, name, len(name), value, len(value), cat, err)
                # the library does not know which item of the call it was, nor its limits
                _ffi.check(st, err, func="privpol_record_add", hint={
                    ELIMIT: "field %d: at most 65536 fields, names of at most 1024 bytes"
                            % (i + 1)})
            _ffi.record_process(r, req, err)
            out_fields = []
            f = _ffi.RecordField()
            for i in range(_ffi.record_field_count(r)):
                _ffi.record_get_field(r, i, f, err)
                out_fields.append(RecordField(
                    name=ctypes.string_at(f.name, f.name_len).decode("utf-8", "replace"),
                    category=category_name(f.category),
                    action=enum_name(_ffi.action_name, f.action),
                    value=ctypes.string_at(f.value, f.value_len) if f.value else None,
                    clause=text(f.clause) or ""))
            s = _ffi.RecordSummary()
            _ffi.record_get_summary(r, s, err)
            decisions = []
            d, c = _ffi.Decision(), _ffi.category_t()
            for i in range(s.decision_count):
                _ffi.record_get_decision(r, i, c, d, err)
                decisions.append(RecordDecision(category_name(c.value), Decision(
                    allowed=d.verdict == 1, clause=text(d.clause) or "",
                    reason=text(d.reason) or "", check=text(d.check) or "", line=d.line)))
            kept = s.retention_status == 0
            return ProcessedRecord(
                fields=out_fields,
                identifiability=enum_name(_ffi.identifiability_name, s.identifiability),
                identifiability_rule=text(s.identifiability_rule) or "",
                identifiability_clause=text(s.identifiability_clause) or "",
                event_time=from_seconds(s.event_time),
                retain_until=from_seconds(s.retain_until) if kept else None,
                retention_action=("anonymize" if s.retention_action == _ffi.RETENTION_ANONYMIZE
                                  else "erase")
                if kept else None,
                retention_status=errors.STATUS_NAMES.get(s.retention_status,
                                                         str(s.retention_status)),
                categories=category_bits(s.categories), dropped=category_bits(s.dropped),
                decisions=decisions)
        finally:
            self._give_record(r)

