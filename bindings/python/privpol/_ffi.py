# SPDX-License-Identifier: MIT
"""The C API of libprivpol as ctypes prototypes: loading, structs, one declaration per
function. Nothing else lives here; the pythonic classes sit on top.

The API follows docs/api-conventions.md: a category is a ``privpol_category`` (a C enum,
passed as c_int); arguments are the object acted on, the inputs, the outputs, and last
a ``privpol_error``, which every function returning a ``privpol_status`` takes. Those
functions are declared with an ``errcheck`` that turns a negative status into an
exception with the library's message, except the few whose callers handle
``PRIVPOL_EBUFSIZE`` or ``PRIVPOL_ENOTFOUND`` themselves or add what only the caller
knows (``check=False``); those call :func:`check` when they are done. Either way the
exception is built by :func:`error`, the one place where a status becomes an exception.
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
    """privpol_error: every function returning a privpol_status takes one, last."""
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


def _pick(text: Any, status: int) -> str:
    """A caller's text: a str, or a {status: str} dict (empty when it has no entry)."""
    if text is None:
        return ""
    return text.get(status, "") if isinstance(text, dict) else str(text)


def error(status: int, err: Any = None, *, detail: Any = None, hint: Any = None,
          func: Optional[str] = None, index: Optional[int] = None,
          line: Optional[int] = None) -> errors.PrivpolError:
    """The exception of a failed call: the one place where a status becomes an exception.

    Its message is the most specific text there is: the library's ``privpol_error``
    message (@p err an :class:`Error` of the same status); when the library wrote only
    the generic privpol_strerror() text (or nothing), the caller's @p detail naming the
    argument at fault; failing both, the generic text prefixed with the C function's name
    @p func. @p detail and @p hint are a str or a {status: str} dict; a @p hint (what the
    library cannot know: the Python argument to pass, the names it accepts) is appended
    in parentheses to whichever message was chosen. @p index and @p line locate the
    failing item of a batch."""
    message, eline, column = "", 0, 0
    generic = strerror(status)
    if isinstance(err, Error) and err.status == status:
        message = err.message.decode("utf-8", "replace")
        eline, column = err.line, err.column
        if message == generic:
            message = ""
    if not message:
        message = _pick(detail, status)
    if not message:
        message = "%s: %s" % (func, generic) if func else generic
    extra = _pick(hint, status)
    if extra:
        message = "%s (%s)" % (message, extra)
    return errors.error_for(status, message, eline if line is None else line, column, index)


def check(status: int, err: Any = None, *, detail: Any = None, hint: Any = None,
          func: Optional[str] = None) -> int:
    """Raise the exception of a negative status (see :func:`error`); return the status
    otherwise. For the functions declared with check=False."""
    if status < 0:
        raise error(status, err, detail=detail, hint=hint, func=func)
    return status


def _errcheck(result: int, func: Any, args: tuple) -> int:
    if result < 0:
        err = args[-1] if args and isinstance(args[-1], Error) else None
        raise error(result, err, func=getattr(func, "__name__", None))
    return result


def _fn(name: str, restype: Any, *argtypes: Any, check: Optional[bool] = None) -> Any:
    """Declare one function. A function returning int returns a privpol_status, and
    takes a privpol_error last, unless `check` is False (those returning an enum value,
    or whose caller checks the status itself)."""
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
err_p = POINTER(Error)
#: privpol_category, a C enum (int-sized): 0 to privpol_category_count() - 1.
category_t = c_int
category_p = POINTER(category_t)
CAT_AUTO = -1  # PRIVPOL_CAT_AUTO: privpol_record_add() classifies the value


class _Versioned:
    """Mixin of the structs that begin with `unsigned version`: a new one says the version
    this mirror describes (VERSION), all else zero. The library fills or reads no more
    than that version has, whatever its own (docs/api-conventions.md). Structs whose
    defaults are not zero (privpol_ctx_options, privpol_request) are set by the library's
    *_init() instead, after a size check (at the end of this module)."""
    VERSION = 1

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)  # type: ignore[call-arg]
        if not self.version:  # type: ignore[has-type]
            self.version = self.VERSION


class Allocator(Structure):
    """privpol_allocator (the package never sets one: libc allocates)."""
    _fields_ = [("alloc_fn", c_void_p), ("realloc_fn", c_void_p), ("free_fn", c_void_p),
                ("opaque", c_void_p)]


class PeriodRule(Structure):
    """privpol_period_rule."""
    _fields_ = [("category", c_int), ("period", c_int)]


class CtxOptions(Structure):
    """privpol_ctx_options, version 1."""
    _fields_ = [("version", c_uint), ("allocator", c_void_p), ("keyring", c_void_p),
                ("role", c_int), ("flags", c_uint), ("default_region", c_char * 3),
                ("default_period", c_int), ("periods", POINTER(PeriodRule)),
                ("periods_len", c_size_t), ("policy", c_void_p)]


CTX_OPTIONS_VERSION = 1
CTX_ALLOW_REVEAL = 1
CTX_EMAIL_KEEP_CASE = 2


class Classification(_Versioned, Structure):
    """privpol_classification, version 1."""
    _fields_ = [("version", c_uint), ("category", category_t), ("confidence", c_float),
                ("flags", c_uint)]


CLASS_FIELD_MISMATCH = 1
CLASS_FROM_FIELD = 2
CLASS_TOKEN = 4


class Span(Structure):
    """privpol_span (an element of an array: no version)."""
    _fields_ = [("start", c_size_t), ("end", c_size_t), ("category", category_t),
                ("confidence", c_float)]


REDACT_PSEUDONYMIZE = 1


class PseudonymToken(_Versioned, Structure):
    """privpol_pseudonym_token (the library fills it, with its own version)."""
    _fields_ = [("version", c_uint), ("category", category_t), ("key_id", c_char_p),
                ("epoch_start", c_int64), ("epoch_end", c_int64), ("token", c_char_p)]


PSEUDONYM_TOKEN_FN = CFUNCTYPE(c_int, POINTER(PseudonymToken), c_void_p)
WRITE_FN = CFUNCTYPE(c_int, POINTER(c_char), c_size_t, c_void_p)


class Request(Structure):
    """privpol_request, version 2 (privpol_request_init() sets its defaults)."""
    _fields_ = [("version", c_uint), ("role", c_int), ("tenant", c_char_p),
                ("recipient_tenant", c_char_p), ("subject", c_int), ("purpose", c_char_p),
                ("operation", c_int), ("categories", category_p),
                ("category_count", c_size_t), ("identifiability", c_int),
                ("recipient", c_int), ("partner", c_char_p), ("country", c_char_p),
                ("safeguard", c_int), ("at", c_int64), ("flags", c_uint),
                ("objections", POINTER(c_char_p)), ("objection_count", c_size_t),
                ("restrictions", POINTER(c_char_p)), ("restriction_count", c_size_t),
                ("states", POINTER(c_int))]


REQUEST_VERSION = 2
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
DECISION_REASON_SIZE = 256


class Decision(_Versioned, Structure):
    """privpol_decision, version 1 (clause and check are borrowed: static text or the
    policy's)."""
    _fields_ = [("version", c_uint), ("verdict", c_int), ("clause", c_char_p),
                ("reason", c_char * DECISION_REASON_SIZE), ("check", c_char_p),
                ("line", c_uint32)]


class Duration(Structure):
    """privpol_duration (a small value: no version)."""
    _fields_ = [("years", c_int32), ("months", c_int32), ("days", c_int32),
                ("seconds", c_int64)]


class RetentionTerms(_Versioned, Structure):
    """privpol_retention_terms, version 1."""
    _fields_ = [("version", c_uint), ("has_contract_period", c_bool),
                ("contract_period", Duration), ("has_contract_end", c_bool),
                ("contract_end", c_int64), ("has_relationship_end", c_bool),
                ("relationship_end", c_int64), ("has_changed_at", c_bool),
                ("changed_at", c_int64), ("has_legal_hold", c_bool),
                ("legal_hold_until", c_int64)]


class RetentionRequest(_Versioned, Structure):
    """privpol_retention_request, version 1 (role 0 is the processor)."""
    _fields_ = [("version", c_uint), ("role", c_int), ("purpose", c_char_p),
                ("category", category_t), ("collected_at", c_int64),
                ("terms", POINTER(RetentionTerms))]


RETENTION_EXPLANATION_SIZE = 512


class Retention(_Versioned, Structure):
    """privpol_retention, version 1 (clause and rule_id borrowed from the policy)."""
    _fields_ = [("version", c_uint), ("until", c_int64), ("action", c_int),
                ("clause", c_char_p), ("rule_id", c_char_p),
                ("explanation", c_char * RETENTION_EXPLANATION_SIZE)]


RETENTION_ERASE = 0
RETENTION_ANONYMIZE = 1


class Transform(_Versioned, Structure):
    """privpol_transform, version 1."""
    _fields_ = [("version", c_uint), ("action", c_int), ("flags", c_uint),
                ("prefix4", c_uint), ("prefix6", c_uint), ("time_unit", c_int),
                ("rule_id", c_char_p), ("clause", c_char_p), ("line", c_uint32)]


TRANSFORM_REVERSIBLE = 1


class RecordRequest(_Versioned, Structure):
    """privpol_record_request, version 1 (its defaults are zero: role processor,
    subject end_user, no terms)."""
    _fields_ = [("version", c_uint), ("tenant", c_char_p), ("role", c_int),
                ("purpose", c_char_p), ("subject", c_int), ("event_time", c_int64),
                ("terms", POINTER(RetentionTerms)), ("tenant_field", c_char_p),
                ("time_field", c_char_p), ("flags", c_uint),
                ("tenants", POINTER(c_char_p)), ("tenant_count", c_size_t)]


class RecordField(_Versioned, Structure):
    """privpol_record_field, version 1 (strings read by length: values may hold NUL
    bytes)."""
    _fields_ = [("version", c_uint), ("name", c_void_p), ("name_len", c_size_t),
                ("category", category_t), ("action", c_int), ("value", c_void_p),
                ("value_len", c_size_t), ("clause", c_char_p)]


class RecordSummary(_Versioned, Structure):
    """privpol_record_summary, version 1."""
    _fields_ = [("version", c_uint), ("identifiability", c_int),
                ("identifiability_rule", c_char_p), ("identifiability_clause", c_char_p),
                ("event_time", c_int64), ("retention_status", c_int),
                ("retain_until", c_int64), ("retention_action", c_int),
                ("categories", c_uint64), ("dropped", c_uint64),
                ("decision_count", c_size_t)]


# ---- functions: common, context ----------------------------------------------------------

error_clear = _fn("privpol_error_clear", None, err_p)
init = _fn("privpol_init", c_int, err_p)
ctx_options_init = _fn("privpol_ctx_options_init", None, POINTER(CtxOptions))
ctx_options_size = _fn("privpol_ctx_options_size", c_size_t)
ctx_new = _fn("privpol_ctx_new", c_int, POINTER(CtxOptions), void_pp, err_p)
ctx_free = _fn("privpol_ctx_free", None, c_void_p)
ctx_role = _fn("privpol_ctx_role", c_int, c_void_p, check=False)
ctx_period = _fn("privpol_ctx_period", c_int, c_void_p, category_t, int_p, err_p)
ctx_policy = _fn("privpol_ctx_policy", c_void_p, c_void_p)
period_name = _fn("privpol_period_name", c_char_p, c_int)
period_from_name = _fn("privpol_period_from_name", c_int, c_char_p, int_p, err_p,
                       check=False)
period_epoch = _fn("privpol_period_epoch", c_int64, c_int, c_int64, int64_p, int64_p)

# ---- keyring -----------------------------------------------------------------------------

keyring_keybytes = _fn("privpol_keyring_keybytes", c_size_t)
keyring_generate = _fn("privpol_keyring_generate", c_int, c_int64, c_void_p, void_pp, err_p,
                       check=False)
keyring_parse = _fn("privpol_keyring_parse", c_int, c_char_p, c_size_t, c_void_p, void_pp,
                    err_p)
keyring_load = _fn("privpol_keyring_load", c_int, c_char_p, c_void_p, void_pp, err_p)
keyring_save = _fn("privpol_keyring_save", c_int, c_void_p, c_char_p, c_uint, err_p)
keyring_rotate = _fn("privpol_keyring_rotate", c_int, c_void_p, c_int64, err_p)
keyring_count = _fn("privpol_keyring_count", c_size_t, c_void_p)
keyring_key_id = _fn("privpol_keyring_key_id", c_char_p, c_void_p, c_size_t)
keyring_key_from = _fn("privpol_keyring_key_from", c_int64, c_void_p, c_size_t)
keyring_free = _fn("privpol_keyring_free", None, c_void_p)
KEYRING_SAVE_REPLACE = 1

# ---- categories, taint -------------------------------------------------------------------

category_count = _fn("privpol_category_count", c_size_t)
category_id = _fn("privpol_category_id", c_char_p, category_t)
category_find = _fn("privpol_category_find", c_int, c_char_p, category_p, err_p,
                    check=False)
category_normalizer = _fn("privpol_category_normalizer", c_int, category_t, check=False)
category_identifiability = _fn("privpol_category_identifiability", c_int, category_t,
                               check=False)
category_clause = _fn("privpol_category_clause", c_char_p, category_t)
category_fideslang = _fn("privpol_category_fideslang", c_char_p, category_t)
category_dpv = _fn("privpol_category_dpv", c_char_p, category_t)
normalizer_name = _fn("privpol_normalizer_name", c_char_p, c_int)
identifiability_name = _fn("privpol_identifiability_name", c_char_p, c_int)
identifiability_from_name = _fn("privpol_identifiability_from_name", c_int, c_char_p, int_p,
                                err_p, check=False)
identifiability_combine = _fn("privpol_identifiability_combine", c_int, c_int, c_int,
                              check=False)
taint_size = _fn("privpol_taint_size", c_size_t)
taint_init = _fn("privpol_taint_init", c_int, c_void_p, c_void_p, err_p)
taint_reset = _fn("privpol_taint_reset", None, c_void_p)
taint_add_category = _fn("privpol_taint_add_category", c_int, c_void_p, category_t, err_p)
taint_add_level = _fn("privpol_taint_add_level", c_int, c_void_p, c_int, err_p)
taint_add_reidentification_material = _fn("privpol_taint_add_reidentification_material",
                                          c_int, c_void_p, err_p)
taint_result = _fn("privpol_taint_result", c_int, c_void_p, int_p, POINTER(c_char_p),
                   POINTER(c_char_p), err_p)

# ---- classify ----------------------------------------------------------------------------

classify = _fn("privpol_classify", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
               POINTER(Classification), err_p)
classify_field = _fn("privpol_classify_field", c_int, c_char_p, c_size_t, category_p, err_p,
                     check=False)
scan = _fn("privpol_scan", c_int, c_void_p, c_char_p, c_size_t, POINTER(Span), size_p, err_p,
           check=False)
redact = _fn("privpol_redact", c_int, c_void_p, c_char_p, c_int64, c_uint, c_char_p,
             c_size_t, POINTER(c_char), size_p, err_p, check=False)

# ---- pseudonyms --------------------------------------------------------------------------

pseudonym_len = _fn("privpol_pseudonym_len", c_size_t)
pseudonym_reversible_size = _fn("privpol_pseudonym_reversible_size", c_size_t, c_size_t)
normalize = _fn("privpol_normalize", c_int, c_void_p, category_t, c_char_p, c_size_t,
                POINTER(c_char), size_p, err_p, check=False)
pseudonymize = _fn("privpol_pseudonymize", c_int, c_void_p, c_char_p, category_t, c_char_p,
                   c_size_t, c_int64, c_uint, POINTER(c_char), size_p, err_p, check=False)
pseudonymizer_new = _fn("privpol_pseudonymizer_new", c_int, c_void_p, c_char_p, category_t,
                        void_pp, err_p)
pseudonymizer_run = _fn("privpol_pseudonymizer_run", c_int, c_void_p, c_char_p, c_size_t,
                        c_int64, c_uint, POINTER(c_char), size_p, err_p, check=False)
pseudonymizer_run_many = _fn("privpol_pseudonymizer_run_many", c_int, c_void_p, c_char_p,
                             size_p, c_size_t, c_int64, c_uint, POINTER(c_char), size_p,
                             int_p, size_p, err_p, check=False)
pseudonymizer_free = _fn("privpol_pseudonymizer_free", None, c_void_p)
pseudonym_token_kind = _fn("privpol_pseudonym_token_kind", c_int, c_char_p, c_size_t,
                           check=False)
reveal = _fn("privpol_reveal", c_int, c_void_p, c_char_p, c_char_p, c_size_t, category_p,
             POINTER(c_char), size_p, err_p, check=False)
pseudonym_subject_tokens = _fn("privpol_pseudonym_subject_tokens", c_int, c_void_p,
                               c_char_p, category_t, c_char_p, c_size_t, c_int64, c_int64,
                               PSEUDONYM_TOKEN_FN, c_void_p, err_p)
PSEUDONYM_LEN: int = pseudonym_len()
PSEUDONYM_REVERSIBLE = 1
TOKEN_PSEUDONYM = 1
TOKEN_REVERSIBLE = 2

# ---- policy ------------------------------------------------------------------------------

policy_default = _fn("privpol_policy_default", c_int, c_void_p, void_pp, err_p)
policy_default_text = _fn("privpol_policy_default_text", c_void_p, size_p)
policy_parse = _fn("privpol_policy_parse", c_int, c_char_p, c_size_t, c_void_p, void_pp,
                   err_p)
policy_load = _fn("privpol_policy_load", c_int, c_char_p, c_void_p, void_pp, err_p)
policy_supplement = _fn("privpol_policy_supplement", c_int, c_void_p, c_char_p, c_size_t,
                        void_pp, err_p)
policy_supplement_load = _fn("privpol_policy_supplement_load", c_int, c_void_p, c_char_p,
                             void_pp, err_p)
policy_free = _fn("privpol_policy_free", None, c_void_p)
policy_id = _fn("privpol_policy_id", c_char_p, c_void_p)
policy_version = _fn("privpol_policy_version", c_char_p, c_void_p)
policy_title = _fn("privpol_policy_title", c_char_p, c_void_p)
policy_tenant = _fn("privpol_policy_tenant", c_char_p, c_void_p)
policy_purpose_count = _fn("privpol_policy_purpose_count", c_size_t, c_void_p)
policy_purpose_id = _fn("privpol_policy_purpose_id", c_char_p, c_void_p, c_size_t)
policy_purpose_role = _fn("privpol_policy_purpose_role", c_int, c_void_p, c_size_t, int_p,
                          err_p)
policy_purpose_clause = _fn("privpol_policy_purpose_clause", c_char_p, c_void_p, c_size_t)
policy_purpose_description = _fn("privpol_policy_purpose_description", c_char_p, c_void_p,
                                 c_size_t)
policy_purpose_categories = _fn("privpol_policy_purpose_categories", c_uint64, c_void_p,
                                c_size_t)
policy_purpose_find = _fn("privpol_policy_purpose_find", c_int, c_void_p, c_char_p, size_p,
                          err_p, check=False)
policy_categories = _fn("privpol_policy_categories", c_uint64, c_void_p, c_int)
policy_write = _fn("privpol_policy_write", c_int, c_void_p, c_int, WRITE_FN, c_void_p, err_p)
policy_transform = _fn("privpol_policy_transform", c_int, c_void_p, c_int, c_char_p,
                       category_t, POINTER(Transform), err_p)
policy_time_fields = _fn("privpol_policy_time_fields", POINTER(c_char_p), c_void_p, size_p)
POLICY_YAML = 0
POLICY_JSON = 1

role_name = _fn("privpol_role_name", c_char_p, c_int)
role_from_name = _fn("privpol_role_from_name", c_int, c_char_p, int_p, err_p, check=False)
subject_name = _fn("privpol_subject_name", c_char_p, c_int)
subject_from_name = _fn("privpol_subject_from_name", c_int, c_char_p, int_p, err_p,
                        check=False)
operation_name = _fn("privpol_operation_name", c_char_p, c_int)
operation_from_name = _fn("privpol_operation_from_name", c_int, c_char_p, int_p, err_p,
                          check=False)
recipient_name = _fn("privpol_recipient_name", c_char_p, c_int)
recipient_from_name = _fn("privpol_recipient_from_name", c_int, c_char_p, int_p, err_p,
                          check=False)
safeguard_name = _fn("privpol_safeguard_name", c_char_p, c_int)
safeguard_from_name = _fn("privpol_safeguard_from_name", c_int, c_char_p, int_p, err_p,
                          check=False)
action_name = _fn("privpol_action_name", c_char_p, c_int)
action_from_name = _fn("privpol_action_from_name", c_int, c_char_p, int_p, err_p,
                       check=False)
data_state_name = _fn("privpol_data_state_name", c_char_p, c_int)
data_state_from_name = _fn("privpol_data_state_from_name", c_int, c_char_p, int_p, err_p,
                           check=False)

# ---- decide, retention, time -------------------------------------------------------------

request_init = _fn("privpol_request_init", None, POINTER(Request))
request_size = _fn("privpol_request_size", c_size_t)
decision_init = _fn("privpol_decision_init", None, POINTER(Decision))
decide = _fn("privpol_decide", c_int, c_void_p, POINTER(Request), POINTER(Decision), err_p)
verdict_name = _fn("privpol_verdict_name", c_char_p, c_int)
duration_parse = _fn("privpol_duration_parse", c_int, c_char_p, c_size_t, POINTER(Duration),
                     err_p)
duration_format = _fn("privpol_duration_format", c_int, POINTER(Duration), POINTER(c_char),
                      size_p, err_p)
time_add = _fn("privpol_time_add", c_int, c_int64, POINTER(Duration), int64_p, err_p)
retention_deadline = _fn("privpol_retention_deadline", c_int, c_int64, c_bool, int64_p, err_p,
                         check=False)
retention_terms_init = _fn("privpol_retention_terms_init", None, POINTER(RetentionTerms))
retention_request_init = _fn("privpol_retention_request_init", None,
                             POINTER(RetentionRequest))
retention_init = _fn("privpol_retention_init", None, POINTER(Retention))
retention_compute = _fn("privpol_retention_compute", c_int, c_void_p,
                        POINTER(RetentionRequest), POINTER(Retention), err_p, check=False)
time_parse = _fn("privpol_time_parse", c_int, c_char_p, c_size_t, int64_p, err_p)
time_format = _fn("privpol_time_format", c_int, c_int64, POINTER(c_char), size_p, err_p)
ropa_write = _fn("privpol_ropa_write", c_int, c_void_p, c_int, WRITE_FN, c_void_p, err_p)
ROPA_MARKDOWN = 0
ROPA_HTML = 1

# ---- records -----------------------------------------------------------------------------

record_request_init = _fn("privpol_record_request_init", None, POINTER(RecordRequest))
record_new = _fn("privpol_record_new", c_int, c_void_p, void_pp, err_p)
record_free = _fn("privpol_record_free", None, c_void_p)
record_clear = _fn("privpol_record_clear", None, c_void_p)
record_add = _fn("privpol_record_add", c_int, c_void_p, c_char_p, c_size_t, c_char_p,
                 c_size_t, category_t, err_p, check=False)
record_process = _fn("privpol_record_process", c_int, c_void_p, POINTER(RecordRequest),
                     err_p)
record_field_count = _fn("privpol_record_field_count", c_size_t, c_void_p)
record_get_field = _fn("privpol_record_get_field", c_int, c_void_p, c_size_t,
                       POINTER(RecordField), err_p)
record_get_summary = _fn("privpol_record_get_summary", c_int, c_void_p,
                         POINTER(RecordSummary), err_p)
record_get_decision = _fn("privpol_record_get_decision", c_int, c_void_p, c_size_t,
                          category_p, POINTER(Decision), err_p)
record_scrub_json = _fn("privpol_record_scrub_json", c_int, c_void_p, POINTER(RecordRequest),
                        c_char_p, c_size_t, POINTER(c_void_p), size_p, err_p)
record_scrub_accesslog = _fn("privpol_record_scrub_accesslog", c_int, c_void_p,
                             POINTER(RecordRequest), c_char_p, c_size_t, POINTER(c_void_p),
                             size_p, err_p)
record_scrub_json_many = _fn("privpol_record_scrub_json_many", c_int, c_void_p,
                             POINTER(RecordRequest), c_char_p, size_p, c_size_t,
                             POINTER(c_char), size_p, int_p, size_p, err_p, check=False)

# ---- seal --------------------------------------------------------------------------------

seal_len = _fn("privpol_seal_len", c_size_t, c_size_t)
seal = _fn("privpol_seal", c_int, c_void_p, c_int64, c_char_p, c_size_t, c_char_p, c_size_t,
           POINTER(c_char), size_p, err_p)
unseal = _fn("privpol_unseal", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
             POINTER(c_char), size_p, err_p, check=False)
seal_reject_ad = _fn("privpol_seal_reject_ad", c_int, c_uint64, c_uint64, c_bool,
                     POINTER(c_char), size_p, err_p)
seal_reject_ad_size = _fn("privpol_seal_reject_ad_size", c_size_t)

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
