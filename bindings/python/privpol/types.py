# SPDX-License-Identifier: MIT
"""Result types of the privpol package: plain immutable values, safe to pickle and to
share between threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional, Tuple

__all__ = [
    "Classification", "Span", "Decision", "Retention", "SubjectToken", "Category",
    "Purpose", "Transform", "Combination", "RecordField", "FieldResult", "RecordDecision",
    "ProcessedRecord",
]


@dataclass(frozen=True)
class Classification:
    """What :meth:`Context.classify` found: a category id, how sure, and flags."""
    category: str
    confidence: float
    flags: int = 0

    @property
    def field_mismatch(self) -> bool:
        """The field name named a category the value does not have: `unknown`."""
        return bool(self.flags & 1)

    @property
    def from_field(self) -> bool:
        """The category came from the field name alone."""
        return bool(self.flags & 2)

    @property
    def token(self) -> bool:
        """The value is already a token of this library."""
        return bool(self.flags & 4)


@dataclass(frozen=True)
class Span:
    """Personal data found in free text by :meth:`Context.scan`.

    `start`/`end` are byte offsets into the UTF-8 text (what the library reports);
    `text_start`/`text_end` the same place as str offsets (equal to the byte offsets when
    bytes were scanned), so ``text[span.text_start:span.text_end]`` is the datum.
    """
    start: int
    end: int
    category: str
    confidence: float = 1.0
    text_start: int = 0
    text_end: int = 0


@dataclass(frozen=True)
class Decision:
    """A decision of :meth:`Context.decide`: allowed or not, and the clause that
    decided. A Decision is true when allowed."""
    allowed: bool
    clause: str
    reason: str
    check: str
    line: int = 0

    @property
    def verdict(self) -> str:
        """"allow" or "deny"."""
        return "allow" if self.allowed else "deny"

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class Retention:
    """Until when a record may be kept (:meth:`Context.retention`), what is due then
    ("erase" or "anonymize"), how that time was reached (`explanation`, the text
    `privpol retention` prints), and the rule that applied: its `clause` (such as
    "§10.1") and its `rule_id`."""
    until: datetime
    action: str
    explanation: str
    clause: str = ""
    rule_id: str = ""


@dataclass(frozen=True)
class SubjectToken:
    """One pseudonym a subject's identifier had (:meth:`Context.subject_token_info`)."""
    token: str
    category: str
    key_id: str
    epoch_start: Optional[datetime]
    epoch_end: Optional[datetime]


@dataclass(frozen=True)
class Category:
    """A data category of the registry (:func:`privpol.category_info`); `index` is its
    privpol_category value."""
    id: str
    index: int
    normalizer: str
    identifiability: str
    clause: str
    fideslang: str
    dpv: str


@dataclass(frozen=True)
class Purpose:
    """A purpose of a policy (:attr:`Policy.purposes`)."""
    id: str
    role: str
    clause: str
    description: Optional[str]
    categories: Tuple[str, ...]


@dataclass(frozen=True)
class Transform:
    """The transform a policy chooses for a category (:meth:`Policy.transform`)."""
    action: str
    reversible: bool
    prefix4: int
    prefix6: int
    time_unit: Optional[str]
    rule_id: str
    clause: str
    line: int


@dataclass(frozen=True)
class Combination:
    """How identifiable a combination is (:func:`privpol.combination`): the level, the
    rule that decided it and its clause."""
    level: str
    rule: str
    clause: str


@dataclass(frozen=True)
class RecordField:
    """One field of a processed record (:meth:`Context.process`; privpol_record_field)."""
    name: str
    category: str
    action: str
    value: Optional[bytes]
    clause: str


#: The name of :class:`RecordField` before 0.1 (privpol_field_result in C).
FieldResult = RecordField


@dataclass(frozen=True)
class RecordDecision:
    """The decision about one category of a processed record."""
    category: str
    decision: Decision


@dataclass(frozen=True)
class ProcessedRecord:
    """A record after the pipeline (:meth:`Context.process`)."""
    fields: List[RecordField]
    identifiability: str
    identifiability_rule: str
    identifiability_clause: str
    event_time: datetime
    retain_until: Optional[datetime]
    retention_action: Optional[str]
    retention_status: str
    categories: List[str]
    dropped: List[str]
    decisions: List[RecordDecision] = field(default_factory=list)
