"""The erasure port: forgetting one person, the audited exception to append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from mhc.ports.read_models import Page


class ErasureRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One audited erasure: who, when, why, and how many rows of each table went."""

    id: int
    erased_at: datetime
    actor: str
    reason: str | None
    person_id: int
    # The name's keyed digest (HMAC-SHA-256); audits from before keying hold a bare SHA-256.
    username_sha256: str | None
    username_hmac: str | None
    counts: dict[str, int]


class ErasureStore(Protocol):
    async def preview(self, person_id: int) -> dict[str, int]:
        """The rows an erasure of the person would delete now, per table."""
        ...

    async def erase(
        self, person_id: int, *, actor: str, reason: str | None, username_hmac: str
    ) -> ErasureRecord:
        """Delete the person and every row about them, and audit it, in one transaction.

        NotFound when the person no longer exists.
        """
        ...

    async def erased(self, *, hmacs: list[str], sha256s: list[str]) -> set[str]:
        """Those of the digests some erasure recorded."""
        ...

    async def history(self, *, limit: int, offset: int) -> Page[ErasureRecord]:
        """Audited erasures, newest first."""
        ...
