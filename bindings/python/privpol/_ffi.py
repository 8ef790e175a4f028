# SPDX-License-Identifier: MIT
"""The C API of libprivpol as ctypes prototypes: loading, structs, one declaration per
function. Nothing else lives here; the pythonic classes sit on top.

Every function returning a ``privpol_status`` is declared with an ``errcheck`` that turns
a negative status into an exception, except the few whose callers handle
``PRIVPOL_EBUFSIZE`` or ``PRIVPOL_ENOTFOUND`` themselves or name the argument at fault
(``check=False``); those call :func:`check` when they are done. Either way the exception
is built by :func:`error`, the one place where a status becomes an exception, with the
library's message.
"""

from __future__ import annotations

import array
import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_bool, c_char, c_char_p, c_float,
                    c_int, c_int32, c_int64, c_size_t, c_uint, c_uint32, c_uint64,
                    c_void_p)
from typing import Any, List, NoReturn, Optional

from . import errors

#: Major version of libprivpol this package speaks to (the SONAME is libprivpol.so.0).
SUPPORTED_MAJOR = 0
#: Oldest library version (MAJOR*10000 + MINOR*100 + PATCH) with every function below.
MINIMUM_VERSION = 100


def _load() -> ctypes.CDLL:
    """Load the shared library: $PRIVPOL_LIBRARY when set (and only it: a caller who
    names a file must not silently get another), else the installed library as
    ctypes.util.find_library() finds it, else the SONAME through the dynamic loader."""
    tried: List[str] = []
    env = os.environ.get("PRIVPOL_LIBRARY")
    if env:
        candidates = [("PRIVPOL_LIBRARY=" + env, env)]
    else:
        candidates = []
        found = ctypes.util.find_library("privpol")
        if found:
            candidates.append(("find_library('privpol') -> " + found, found))
        else:
            tried.append("find_library('privpol'): nothing found")
        candidates.append(("libprivpol.so.0", "libprivpol.so.0"))
    for label, name in candidates:
        try:
            return ctypes.CDLL(name)  # never CDLL(None): that is the running program
        except OSError as exc:
            tried.append("%s: %s" % (label, exc))
    raise ImportError("libprivpol not found; tried:\n  " + "\n  ".join(tried)
                      + "\n(set PRIVPOL_LIBRARY to the path of libprivpol.so.0)")


lib = _load()
LIBRARY_PATH: str = getattr(lib, "_name", "")

# ---- errors ------------------------------------------------------------------------------

ERROR_MESSAGE_SIZE = 256


class Error(Structure):
    """privpol_error."""
    _fields_ = [("status", c_int), ("line", c_size_t), ("column", c_size_t),
                ("message", c_char * ERROR_MESSAGE_SIZE)]


def _raw(name: str) -> Any:
    try:
        return getattr(lib, name)
    except AttributeError:
        raise ImportError("%s lacks %s: it is older than this package (needs libprivpol "
                          "%d.%d or later)" % (LIBRARY_PATH, name, MINIMUM_VERSION // 10000,
                                               MINIMUM_VERSION // 100 % 100)) from None


_strerror = _raw("privpol_strerror")
_strerror.restype, _strerror.argtypes = c_char_p, [c_int]


def strerror(status: int) -> str:
    """privpol_strerror(): static English text of a status."""
    return (_strerror(status) or b"").decode("utf-8", "replace")


def error(status: int, err: Any = None, *, detail: Any = None, func: Optional[str] = None,
          index: Optional[int] = None, line: Optional[int] = None) -> errors.PrivpolError:
    """The exception of a failed call: the one place where a status becomes an exception.

    Its message is the most specific text there is, in this order: the library's
    ``privpol_error`` message (@p err an :class:`Error` of the same status), the reason of
    a :class:`Decision` the call filled (privpol_decide() writes its detail there), the
    caller's @p detail (a str, or a {status: str} dict) naming the argument at fault, and
    last the library's privpol_strerror() text, prefixed with the C function's name
    @p func when known. @p index and @p line locate the failing item of a batch."""
    message, eline, column = "", 0, 0
    if isinstance(err, Error):
        if err.status == status:
            message = err.message.decode("utf-8", "replace")
            eline, column = err.line, err.column
    elif isinstance(err, Decision):
        message = err.reason.decode("utf-8", "replace")
    if not message and detail is not None:
        message = detail.get(status, "") if isinstance(detail, dict) else str(detail)
    if not message:
        message = strerror(status)
        if func:
            message = "%s: %s" % (func, message)
    return errors.error_for(status, message, eline if line is None else line, column, index)


def check(status: int, err: Any = None, *, detail: Any = None,
          func: Optional[str] = None) -> int:
    """Raise the exception of a negative status (see :func:`error`); return the status
    otherwise. For the functions declared with check=False."""
    if status < 0:
        raise error(status, err, detail=detail, func=func)
    return status


def _errcheck(result: int, func: Any, args: tuple) -> int:
    if result < 0:
        err = None
        for a in args:
            if isinstance(a, (Error, Decision)):
                err = a
                break
        raise error(result, err, func=getattr(func, "__name__", None))
    return result


def _fn(name: str, restype: Any, *argtypes: Any, check: Optional[bool] = None) -> Any:
    """Declare one function. A function returning int returns a privpol_status unless
    `check` is False (those returning an enum value, or whose caller checks)."""
    f = _raw(name)
    f.restype, f.argtypes = restype, list(argtypes)
    if check if check is not None else restype is c_int:
        f.errcheck = _errcheck
    return f


def _fail(message: str) -> NoReturn:
    raise ImportError("%s: %s" % (LIBRARY_PATH, message))


# ---- versions ----------------------------------------------------------------------------

version_number = _fn("privpol_version_number", c_int, check=False)
version_string = _fn("privpol_version_string", c_char_p, check=False)
VERSION_NUMBER: int = version_number()
if VERSION_NUMBER // 10000 != SUPPORTED_MAJOR or VERSION_NUMBER < MINIMUM_VERSION:
    _fail("libprivpol %s is not supported by this package (needs major version %d, at "
          "least %d.%d.%d)" % ((version_string() or b"?").decode(), SUPPORTED_MAJOR,
                               MINIMUM_VERSION // 10000, MINIMUM_VERSION // 100 % 100,
                               MINIMUM_VERSION % 100))

# ---- structs -----------------------------------------------------------------------------

void_pp = POINTER(c_void_p)
size_p = POINTER(c_size_t)
int_p = POINTER(c_int)
int64_p = POINTER(c_int64)


class Allocator(Structure):
    """privpol_allocator (the package never sets one: libc allocates)."""
    _fields_ = [("alloc_fn", c_void_p), ("realloc_fn", c_void_p), ("free_fn", c_void_p),
                ("opaque", c_void_p)]


class PeriodRule(Structure):
    """privpol_period_rule."""
    _fields_ = [("category", c_char_p), ("period", c_int)]


class CtxOptions(Structure):
    """privpol_ctx_options, version 2."""
    _fields_ = [("version", c_uint), ("allocator", c_void_p), ("keyring", c_void_p),
                ("role", c_int), ("flags", c_uint), ("default_region", c_char * 3),
                ("default_period", c_int), ("periods", POINTER(PeriodRule)),
                ("periods_len", c_size_t), ("policy", c_void_p)]


CTX_OPTIONS_VERSION = 1
CTX_ALLOW_REVEAL = 1
CTX_EMAIL_KEEP_CASE = 2


class Classification(Structure):
    """privpol_classification."""
    _fields_ = [("category", c_size_t), ("confidence", c_float), ("flags", c_uint)]


CLASS_FIELD_MISMATCH = 1
CLASS_FROM_FIELD = 2
CLASS_TOKEN = 4


class Span(Structure):
    """privpol_span."""
    _fields_ = [("start", c_size_t), ("end", c_size_t), ("category", c_size_t),
                ("confidence", c_float)]


REDACT_PSEUDONYMIZE = 1


class SubjectToken(Structure):
    """privpol_subject_token."""
    _fields_ = [("category", c_char_p), ("key_id", c_char_p), ("epoch_start", c_int64),
                ("epoch_end", c_int64), ("token", c_char_p)]


SUBJECT_FN = CFUNCTYPE(c_int, POINTER(SubjectToken), c_void_p)
WRITE_FN = CFUNCTYPE(c_int, POINTER(c_char), c_size_t, c_void_p)


class Request(Structure):
    """privpol_request, version 1."""
    _fields_ = [("version", c_uint), ("role", c_int), ("tenant", c_char_p),
                ("recipient_tenant", c_char_p), ("subject", c_int), ("purpose", c_char_p),
                ("operation", c_int), ("categories", size_p), ("category_count", c_size_t),
                ("identifiability", c_int), ("recipient", c_int), ("partner", c_char_p),
                ("country", c_char_p), ("safeguard", c_int), ("at", c_int64),
                ("flags", c_uint), ("objections", POINTER(c_char_p)),
                ("objection_count", c_size_t), ("restrictions", POINTER(c_char_p)),
                ("restriction_count", c_size_t)]


REQUEST_VERSION = 1
REQ_SUBJECT = 0x001
REQ_RECIPIENT = 0x002
REQ_PROCESSOR_DATA = 0x004
REQ_CONSENT = 0x008
REQ_LEGAL_REQUIREMENT = 0x010
REQ_ERASURE_REQUESTED = 0x020
REQ_CONTRACT = 0x040
REQ_ADEQUACY_COVERED = 0x080
REQ_NEED_TO_KNOW = 0x100
REQ_RESTRUCTURING = 0x200


class Decision(Structure):
    """privpol_decision."""
    _fields_ = [("verdict", c_int), ("clause", c_char * 128), ("reason", c_char * 256),
                ("check", c_char_p), ("line", c_uint32)]


class Duration(Structure):
    """privpol_duration."""
    _fields_ = [("years", c_int32), ("months", c_int32), ("days", c_int32),
                ("seconds", c_int64)]


class RetentionTerms(Structure):
    """privpol_retention_terms, version 1."""
    _fields_ = [("version", c_uint), ("has_contract_period", c_bool),
                ("contract_period", Duration), ("has_contract_end", c_bool),
                ("contract_end", c_int64), ("has_relationship_end", c_bool),
                ("relationship_end", c_int64), ("has_changed_at", c_bool),
                ("changed_at", c_int64), ("has_legal_hold", c_bool),
                ("legal_hold_until", c_int64)]


RETENTION_TERMS_VERSION = 1
RETENTION_CLAUSE_SIZE = 512


class Transform(Structure):
    """privpol_transform."""
    _fields_ = [("action", c_int), ("flags", c_uint), ("prefix4", c_uint),
                ("prefix6", c_uint), ("time_unit", c_int), ("rule_id", c_char_p),
                ("clause", c_char_p), ("line", c_uint32)]


class Tag(Structure):
    """privpol_tag, version 2."""
    _fields_ = [("version", c_uint), ("tenant", c_char_p), ("role", c_int),
                ("purpose", c_char_p), ("subject", c_int), ("event_time", c_int64),
                ("terms", POINTER(RetentionTerms)), ("tenant_field", c_char_p),
                ("time_field", c_char_p), ("flags", c_uint),
                ("tenants", POINTER(c_char_p)), ("tenant_count", c_size_t)]


TAG_VERSION = 2
TAG_SUBJECT = 1
CATEGORY_AUTO = (1 << (8 * ctypes.sizeof(c_size_t))) - 1


class FieldResult(Structure):
    """privpol_field_result (strings read by length: values may hold NUL bytes)."""
    _fields_ = [("name", c_void_p), ("name_len", c_size_t), ("category", c_size_t),
                ("action", c_int), ("value", c_void_p), ("value_len", c_size_t),
                ("clause", c_char_p)]


class RecordSummary(Structure):
    """privpol_record_summary."""
    _fields_ = [("identifiability", c_int), ("identifiability_rule", c_char_p),
                ("identifiability_clause", c_char_p), ("event_time", c_int64),
                ("retention_status", c_int), ("retain_until", c_int64),
                ("retention_action", c_int), ("categories", c_uint64),
                ("dropped", c_uint64), ("decision_count", c_size_t)]


# ---- functions: common, context ----------------------------------------------------------

error_clear = _fn("privpol_error_clear", None, POINTER(Error))
init = _fn("privpol_init", c_int)
ctx_options_init = _fn("privpol_ctx_options_init", None, POINTER(CtxOptions))
ctx_options_size = _fn("privpol_ctx_options_size", c_size_t)
ctx_new = _fn("privpol_ctx_new", c_int, void_pp, POINTER(CtxOptions), POINTER(Error))
ctx_free = _fn("privpol_ctx_free", None, c_void_p)
ctx_role = _fn("privpol_ctx_role", c_int, c_void_p, check=False)
ctx_period = _fn("privpol_ctx_period", c_int, c_void_p, c_char_p, int_p)
ctx_policy = _fn("privpol_ctx_policy", c_void_p, c_void_p)
period_name = _fn("privpol_period_name", c_char_p, c_int)
period_from_name = _fn("privpol_period_from_name", c_int, int_p, c_char_p, check=False)

# ---- keyring -----------------------------------------------------------------------------

keyring_keybytes = _fn("privpol_keyring_keybytes", c_size_t)
keyring_generate = _fn("privpol_keyring_generate", c_int, void_pp, c_int64, c_void_p,
                       check=False)
keyring_parse = _fn("privpol_keyring_parse", c_int, void_pp, c_char_p, c_size_t, c_void_p,
                    POINTER(Error))
keyring_load = _fn("privpol_keyring_load", c_int, void_pp, c_char_p, c_void_p,
                   POINTER(Error))
keyring_save = _fn("privpol_keyring_save", c_int, c_void_p, c_char_p, c_uint,
                   POINTER(Error))
keyring_rotate = _fn("privpol_keyring_rotate", c_int, c_void_p, c_int64, POINTER(Error))
keyring_count = _fn("privpol_keyring_count", c_size_t, c_void_p)
keyring_key_id = _fn("privpol_keyring_key_id", c_char_p, c_void_p, c_size_t)
keyring_key_from = _fn("privpol_keyring_key_from", c_int64, c_void_p, c_size_t)
keyring_free = _fn("privpol_keyring_free", None, c_void_p)
KEYRING_SAVE_REPLACE = 1

# ---- categories, taint -------------------------------------------------------------------

category_count = _fn("privpol_category_count", c_size_t)
category_id = _fn("privpol_category_id", c_char_p, c_size_t)
category_find = _fn("privpol_category_find", c_int, size_p, c_char_p, check=False)
category_normalizer = _fn("privpol_category_normalizer", c_int, c_size_t, check=False)
category_identifiability = _fn("privpol_category_identifiability", c_int, c_size_t,
                               check=False)
category_clause = _fn("privpol_category_clause", c_char_p, c_size_t)
category_fideslang = _fn("privpol_category_fideslang", c_char_p, c_size_t)
category_dpv = _fn("privpol_category_dpv", c_char_p, c_size_t)
normalizer_name = _fn("privpol_normalizer_name", c_char_p, c_int)
identifiability_name = _fn("privpol_identifiability_name", c_char_p, c_int)
identifiability_from_name = _fn("privpol_identifiability_from_name", c_int, int_p, c_char_p,
                                check=False)
combine_levels = _fn("privpol_combine_levels", c_int, c_int, c_int, check=False)
taint_size = _fn("privpol_taint_size", c_size_t)
taint_init = _fn("privpol_taint_init", c_int, c_void_p, c_void_p)
taint_reset = _fn("privpol_taint_reset", None, c_void_p)
taint_add_category = _fn("privpol_taint_add_category", c_int, c_void_p, c_size_t)
taint_add_level = _fn("privpol_taint_add_level", c_int, c_void_p, c_int)
taint_add_reidentification_material = _fn("privpol_taint_add_reidentification_material",
                                          c_int, c_void_p)
taint_result = _fn("privpol_taint_result", c_int, c_void_p, int_p, POINTER(c_char_p),
                   POINTER(c_char_p))

# ---- classify ----------------------------------------------------------------------------

classify = _fn("privpol_classify", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
               POINTER(Classification))
classify_field = _fn("privpol_classify_field", c_int, c_char_p, c_size_t, size_p,
                     check=False)
scan = _fn("privpol_scan", c_int, c_void_p, c_char_p, c_size_t, POINTER(Span), size_p,
           check=False)
redact = _fn("privpol_redact", c_int, c_void_p, c_char_p, c_int64, c_uint, c_char_p,
             c_size_t, POINTER(c_char), size_p, POINTER(Error), check=False)

# ---- pseudonyms --------------------------------------------------------------------------

pseudonym_len = _fn("privpol_pseudonym_len", c_size_t)
reversible_token_size = _fn("privpol_reversible_token_size", c_size_t, c_size_t)
normalize = _fn("privpol_normalize", c_int, c_void_p, c_char_p, c_char_p, c_size_t,
                POINTER(c_char), size_p, POINTER(Error), check=False)
pseudonymize = _fn("privpol_pseudonymize", c_int, c_void_p, c_char_p, c_char_p, c_char_p,
                   c_size_t, c_int64, c_uint, POINTER(c_char), size_p, POINTER(Error),
                   check=False)
pseudonymizer_new = _fn("privpol_pseudonymizer_new", c_int, void_pp, c_void_p, c_char_p,
                        c_char_p, POINTER(Error))
pseudonymizer_run = _fn("privpol_pseudonymizer_run", c_int, c_void_p, c_char_p, c_size_t,
                        c_int64, c_uint, POINTER(c_char), size_p, POINTER(Error),
                        check=False)
pseudonymizer_run_many = _fn("privpol_pseudonymizer_run_many", c_int, c_void_p, c_char_p,
                             size_p, c_size_t, c_int64, c_uint, POINTER(c_char), size_p,
                             int_p, size_p, POINTER(Error), check=False)
pseudonymizer_free = _fn("privpol_pseudonymizer_free", None, c_void_p)
token_kind_of = _fn("privpol_token_kind_of", c_int, c_char_p, c_size_t, check=False)
reveal = _fn("privpol_reveal", c_int, c_void_p, c_char_p, c_char_p, c_size_t, size_p,
             POINTER(c_char), size_p, POINTER(Error), check=False)
subject_tokens = _fn("privpol_subject_tokens", c_int, c_void_p, c_char_p, c_char_p, c_char_p,
                     c_size_t, c_int64, c_int64, SUBJECT_FN, c_void_p, POINTER(Error))
epoch_of = _fn("privpol_epoch_of", c_int64, c_int, c_int64, int64_p, int64_p)
PSEUDONYM_LEN: int = pseudonym_len()
PSEUDONYM_REVERSIBLE = 1

# ---- policy ------------------------------------------------------------------------------

policy_default = _fn("privpol_policy_default", c_int, void_pp, c_void_p, POINTER(Error))
policy_default_text = _fn("privpol_policy_default_text", c_void_p, size_p)
policy_parse = _fn("privpol_policy_parse", c_int, void_pp, c_char_p, c_size_t, c_void_p,
                   POINTER(Error))
policy_load = _fn("privpol_policy_load", c_int, void_pp, c_char_p, c_void_p, POINTER(Error))
policy_supplement = _fn("privpol_policy_supplement", c_int, void_pp, c_void_p, c_char_p,
                        c_size_t, POINTER(Error))
policy_supplement_load = _fn("privpol_policy_supplement_load", c_int, void_pp, c_void_p,
                             c_char_p, POINTER(Error))
policy_free = _fn("privpol_policy_free", None, c_void_p)
policy_id = _fn("privpol_policy_id", c_char_p, c_void_p)
policy_version = _fn("privpol_policy_version", c_char_p, c_void_p)
policy_title = _fn("privpol_policy_title", c_char_p, c_void_p)
policy_tenant = _fn("privpol_policy_tenant", c_char_p, c_void_p)
policy_purpose_count = _fn("privpol_policy_purpose_count", c_size_t, c_void_p)
policy_purpose_id = _fn("privpol_policy_purpose_id", c_char_p, c_void_p, c_size_t)
policy_purpose_role = _fn("privpol_policy_purpose_role", c_int, c_void_p, c_size_t, int_p)
policy_purpose_clause = _fn("privpol_policy_purpose_clause", c_char_p, c_void_p, c_size_t)
policy_purpose_description = _fn("privpol_policy_purpose_description", c_char_p, c_void_p,
                                 c_size_t)
policy_purpose_categories = _fn("privpol_policy_purpose_categories", c_uint64, c_void_p,
                                c_size_t)
policy_purpose_find = _fn("privpol_policy_purpose_find", c_int, size_p, c_void_p, c_char_p,
                          check=False)
policy_categories = _fn("privpol_policy_categories", c_uint64, c_void_p, c_int)
policy_write = _fn("privpol_policy_write", c_int, c_void_p, c_int, WRITE_FN, c_void_p)
policy_transform = _fn("privpol_policy_transform", c_int, POINTER(Transform), c_void_p,
                       c_int, c_char_p, c_size_t, check=False)
policy_time_fields = _fn("privpol_policy_time_fields", POINTER(c_char_p), c_void_p, size_p)
POLICY_YAML = 0
POLICY_JSON = 1

role_name = _fn("privpol_role_name", c_char_p, c_int)
role_from_name = _fn("privpol_role_from_name", c_int, int_p, c_char_p, check=False)
subject_name = _fn("privpol_subject_name", c_char_p, c_int)
subject_from_name = _fn("privpol_subject_from_name", c_int, int_p, c_char_p, check=False)
operation_name = _fn("privpol_operation_name", c_char_p, c_int)
operation_from_name = _fn("privpol_operation_from_name", c_int, int_p, c_char_p, check=False)
recipient_name = _fn("privpol_recipient_name", c_char_p, c_int)
recipient_from_name = _fn("privpol_recipient_from_name", c_int, int_p, c_char_p, check=False)
safeguard_name = _fn("privpol_safeguard_name", c_char_p, c_int)
safeguard_from_name = _fn("privpol_safeguard_from_name", c_int, int_p, c_char_p, check=False)
action_name = _fn("privpol_action_name", c_char_p, c_int)
action_from_name = _fn("privpol_action_from_name", c_int, int_p, c_char_p, check=False)

# ---- decide, retention, time -------------------------------------------------------------

request_init = _fn("privpol_request_init", None, POINTER(Request))
request_size = _fn("privpol_request_size", c_size_t)
decide = _fn("privpol_decide", c_int, c_void_p, POINTER(Request), POINTER(Decision))
verdict_name = _fn("privpol_verdict_name", c_char_p, c_int)
duration_parse = _fn("privpol_duration_parse", c_int, POINTER(Duration), c_char_p, c_size_t,
                     POINTER(Error))
duration_format = _fn("privpol_duration_format", c_int, POINTER(c_char), c_size_t,
                      POINTER(Duration))
time_add = _fn("privpol_time_add", c_int, int64_p, c_int64, POINTER(Duration))
deadline = _fn("privpol_deadline", c_int, int64_p, c_int64, c_bool, check=False)
retention_terms_init = _fn("privpol_retention_terms_init", None, POINTER(RetentionTerms))
retention_compute = _fn("privpol_retention_compute", c_int, int64_p, int_p, c_void_p, c_int,
                        c_char_p, c_size_t, c_int64, POINTER(RetentionTerms),
                        POINTER(c_char), c_size_t, check=False)
time_parse = _fn("privpol_time_parse", c_int, int64_p, c_char_p, c_size_t, POINTER(Error))
time_format = _fn("privpol_time_format", c_int, POINTER(c_char), c_size_t, c_int64)
ropa_write = _fn("privpol_ropa_write", c_int, c_void_p, c_int, WRITE_FN, c_void_p,
                 POINTER(Error))
ROPA_MARKDOWN = 0
ROPA_HTML = 1

# ---- records -----------------------------------------------------------------------------

tag_init = _fn("privpol_tag_init", None, POINTER(Tag))
record_new = _fn("privpol_record_new", c_int, void_pp, c_void_p, POINTER(Error))
record_free = _fn("privpol_record_free", None, c_void_p)
record_clear = _fn("privpol_record_clear", None, c_void_p)
record_add = _fn("privpol_record_add", c_int, c_void_p, c_char_p, c_size_t, c_char_p,
                 c_size_t, c_size_t, check=False)
record_process = _fn("privpol_record_process", c_int, c_void_p, POINTER(Tag), POINTER(Error))
record_field_count = _fn("privpol_record_field_count", c_size_t, c_void_p)
record_field = _fn("privpol_record_field", c_int, c_void_p, c_size_t, POINTER(FieldResult))
record_summary_get = _fn("privpol_record_summary_get", c_int, c_void_p,
                         POINTER(RecordSummary))
record_decision = _fn("privpol_record_decision", c_int, c_void_p, c_size_t, size_p,
                      POINTER(Decision))
record_scrub_json = _fn("privpol_record_scrub_json", c_int, c_void_p, POINTER(Tag), c_char_p,
                        c_size_t, POINTER(c_void_p), size_p, POINTER(Error))
record_scrub_accesslog = _fn("privpol_record_scrub_accesslog", c_int, c_void_p, POINTER(Tag),
                             c_char_p, c_size_t, POINTER(c_void_p), size_p, POINTER(Error))
record_scrub_json_many = _fn("privpol_record_scrub_json_many", c_int, c_void_p, POINTER(Tag),
                             c_char_p, size_p, c_size_t, POINTER(c_char), size_p, int_p,
                             size_p, POINTER(Error), check=False)

# ---- seal --------------------------------------------------------------------------------

sealed_len = _fn("privpol_sealed_len", c_size_t, c_size_t)
seal = _fn("privpol_seal", c_int, c_void_p, c_int64, c_char_p, c_size_t, c_char_p, c_size_t,
           POINTER(c_char), size_p, POINTER(Error))
unseal = _fn("privpol_unseal", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
             POINTER(c_char), size_p, POINTER(Error), check=False)
reject_ad = _fn("privpol_reject_ad", c_size_t, POINTER(c_char), c_size_t, c_uint64, c_uint64,
                c_bool)
reject_ad_size = _fn("privpol_reject_ad_size", c_size_t)

# ---- layout checks: structs the library can size must match ours ------------------------

for _name, _ours, _theirs in (("privpol_ctx_options", CtxOptions, ctx_options_size()),
                              ("privpol_request", Request, request_size())):
    if ctypes.sizeof(_ours) != _theirs:
        _fail("%s is %d bytes in the library, %d in this package: mismatched versions"
              % (_name, _theirs, ctypes.sizeof(_ours)))
TAINT_SIZE: int = taint_size()
if TAINT_SIZE % 8 != 0:
    _fail("privpol_taint of %d bytes is not a multiple of 8" % TAINT_SIZE)
Taint = c_uint64 * (TAINT_SIZE // 8)  # caller-owned, opaque, 8-byte aligned
KEYBYTES: int = keyring_keybytes()
#: array.array typecode of size_t, for length arrays passed without a copy.
SIZE_T_CODE = next(c for c in "LQI" if array.array(c).itemsize == ctypes.sizeof(c_size_t))
del _name, _ours, _theirs
