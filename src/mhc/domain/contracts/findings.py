"""Drift findings: one difference between an answer and its contract, and their tally.

A finding names its place (`subject`: a path such as `$.events[].object.user.age`, a method
name, or `HTTP 418`) and keeps the object it was found in as its example; `tally` counts the
findings of one answer or batch by kind and subject, which is what the drift log stores.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import Any

import msgspec

# Bounds on what one comparison can report, so a hostile or broken body stays cheap to keep.
MAX_SUBJECT_LENGTH = 200
MAX_KEY_LENGTH = 80
# How much of a body that is not JSON its finding keeps as the example.
NOT_JSON_EXCERPT = 500


class DriftKind(enum.StrEnum):
    UNKNOWN_FIELD = "unknown_field"
    MISSING_FIELD = "missing_field"
    TYPE_CHANGED = "type_changed"
    UNKNOWN_METHOD = "unknown_method"
    DECODE_FAILURE = "decode_failure"
    UNEXPECTED_STATUS = "unexpected_status"


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One difference between an answer and its contract.

    `subject` is a path (`$.data.did`), a method name (unknown_method) or `HTTP 418`;
    `example` is the object the difference was found in, as received (mask it before keeping).
    """

    kind: DriftKind
    subject: str
    detail: str
    example: Any = None


def unexpected_status(status: int, expected: Iterable[int], example: Any = None) -> Finding:
    documented = ", ".join(str(s) for s in sorted(expected)) or "none"
    return Finding(
        kind=DriftKind.UNEXPECTED_STATUS,
        subject=f"HTTP {status}",
        detail=f"the contract documents HTTP {documented}",
        example=example,
    )


def decode_failure(subject: str, detail: str, example: Any = None) -> Finding:
    return Finding(
        kind=DriftKind.DECODE_FAILURE,
        subject=clip_subject(subject),
        detail=detail[: MAX_SUBJECT_LENGTH * 2],
        example=example,
    )


def not_json(body: bytes) -> Finding:
    """A body that is not JSON at all; the example is its start, as text."""
    excerpt = body[:NOT_JSON_EXCERPT].decode("utf-8", "replace")
    return decode_failure("$", "the body is not JSON", {"body": excerpt})


class DriftObservation(msgspec.Struct, frozen=True, kw_only=True):
    """Findings of one kind and subject from one batch or answer: what the drift log counts."""

    service: str
    endpoint: str
    kind: DriftKind
    subject: str
    detail: str
    count: int
    example: Any


# At most this many distinct differences are kept from one answer or batch.
MAX_OBSERVATIONS = 50


def tally(
    findings: Iterable[Finding],
    *,
    service: str,
    endpoint: str,
    example_of: Callable[[Finding], Any] = lambda finding: finding.example,
) -> list[DriftObservation]:
    """Findings grouped by kind and subject, counted, each with its first example.

    `example_of` turns a finding into the example kept (masked and clipped by the caller's
    choice of function); it runs once per group, not once per finding.
    """
    counts: dict[tuple[DriftKind, str], int] = {}
    first: dict[tuple[DriftKind, str], Finding] = {}
    for finding in findings:
        key = (finding.kind, finding.subject)
        if key in counts:
            counts[key] += 1
        elif len(counts) < MAX_OBSERVATIONS:
            counts[key] = 1
            first[key] = finding
    return [
        DriftObservation(
            service=service,
            endpoint=endpoint,
            kind=kind,
            subject=subject,
            detail=first[(kind, subject)].detail,
            count=count,
            example=example_of(first[(kind, subject)]),
        )
        for (kind, subject), count in counts.items()
    ]


def generic_path(path: str) -> str:
    """A concrete path (`$.data.per_day_tokens[3].tokens`) with positions dropped (`[]`)."""
    return re.sub(r"\[\d+\]", "[]", path)


def clip_subject(text: str) -> str:
    """A subject no longer than MAX_SUBJECT_LENGTH (cut with `...`)."""
    if len(text) <= MAX_SUBJECT_LENGTH:
        return text
    return text[: MAX_SUBJECT_LENGTH - 3] + "..."


def clip_key(text: str) -> str:
    """An object key no longer than MAX_KEY_LENGTH (cut with `...`), for subjects and details."""
    return text if len(text) <= MAX_KEY_LENGTH else text[:MAX_KEY_LENGTH] + "..."
