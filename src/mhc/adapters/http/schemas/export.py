"""Bodies of the export and erasure-audit routes (controllers/export.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from mhc.adapters.http.schemas.common import (
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
    """One audited erasure. The name itself is forgotten; `usernameSha256` is the SHA-256 (hex)
    of the normalised username, `counts` the rows deleted per table."""

    id: int
    erased_at: datetime
    actor: str
    reason: str | None
    person_id: int
    username_sha256: str
    counts: dict[str, int]


class ErasurePage(PageMeta):
    items: list[ErasureOut]
