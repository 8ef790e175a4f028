# SPDX-License-Identifier: MIT
"""libprivpol from Python: pseudonyms, classification, decisions, retention and the
record pipeline of an embeddable privacy-enforcement library, over ctypes.

    import privpol
    keyring = privpol.Keyring.load("keys.privpol")
    with privpol.Context(keyring) as ctx:
        ctx.pseudonymize("192.0.2.1", "connection.ip_address", tenant="acme")
        ctx.scrub_lines(open("events.jsonl", "rb"), tenant_field="tenant")

The shared library is found through $PRIVPOL_LIBRARY (a path), else where
ctypes.util.find_library() finds it, else as libprivpol.so.0. The package's
documentation is API.md, next to this package in the source tree.
"""

from __future__ import annotations

from ._ffi import LIBRARY_PATH
from .context import Context
from .errors import (AuthenticationFailed, InvalidArgument, LimitExceeded, MissingTerms,
                     NoKey, NotFound, ParseError, PermissionDenied, PrivpolError,
                     PrivpolIOError, PrivpolMemoryError, ValueRejected)
from .functions import (categories, category_info, classify_field, combination, combine,
                        deadline, epoch_of, library_version, reject_ad, token_kind)
from .keyring import Keyring
from .policy import Policy
from .types import (Category, Classification, Combination, Decision, FieldResult,
                    ProcessedRecord, Purpose, RecordDecision, RecordField, Retention, Span,
                    SubjectToken, Transform)

#: Version of this package (the library's is library_version()).
__version__ = "0.1.0"

__all__ = [
    "Context", "Keyring", "Policy",
    "categories", "category_info", "classify_field", "combination", "combine", "deadline",
    "epoch_of", "library_version", "reject_ad", "token_kind",
    "Category", "Classification", "Combination", "Decision", "FieldResult",
    "ProcessedRecord", "Purpose", "RecordDecision", "RecordField", "Retention", "Span",
    "SubjectToken", "Transform",
    "PrivpolError", "InvalidArgument", "ParseError", "ValueRejected", "NotFound", "NoKey",
    "PermissionDenied", "AuthenticationFailed", "PrivpolMemoryError", "MissingTerms",
    "LimitExceeded", "PrivpolIOError",
    "LIBRARY_PATH", "__version__",
]
