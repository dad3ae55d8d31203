"""Bodies of the export and erasure-audit routes (controllers/export.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from mhc.adapters.http.schemas.common import (
    NO_NUL,
    Body,
    PageMeta,
)


class ExportedPersonOut(Body):
    id: int
    username: str


class ExportDocumentOut(Body):
    """The JSON export: `tables` maps each table to its rows, keyed by column name as stored
    (snake_case, like the CSV headers). Never credentials."""

    exported_at: datetime
    broadcaster: str
    schema_version: str | None
    scope: Literal["all", "person"]
    person: ExportedPersonOut | None
    tables: dict[str, list[dict[str, Any]]]


class ErasureOut(Body):
    """One audited erasure. The name itself is forgotten; `usernameHmac` is its keyed digest
    (HMAC-SHA-256 with the panel's secret key, hex; `usernameSha256` the bare SHA-256 of audits
    written before digests were keyed), `counts` the rows deleted per table."""

    id: int
    erased_at: datetime
    actor: str
    reason: str | None
    person_id: int
    username_sha256: str | None
    username_hmac: str | None
    counts: dict[str, int]


class ErasurePage(PageMeta):
    items: list[ErasureOut]


class ErasurePlanOut(Body):
    """What forgetting the person would delete, per table; `username` is what to type to
    confirm."""

    person_id: int
    username: str
    counts: dict[str, int]


class ErasureRequest(Body):
    """`confirm`: the person's username, typed (as `mhc forget` asks); `reason` is kept in the
    audit."""

    confirm: Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
    reason: Annotated[str, msgspec.Meta(max_length=500, pattern=NO_NUL)] | None = None
