"""Attributes: structured, updatable memory on a person, one value per key."""

from __future__ import annotations

from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.models import Attribute, Confidence, EvidenceType


class PostgresAttributeRepository(SqlRepository):
    sql_folder = "attributes"

    async def upsert(
        self,
        person_id: int,
        *,
        key: str,
        value: str,
        confidence: Confidence,
        evidence_type: EvidenceType,
        evidence_id: int | None,
    ) -> Attribute:
        """Set the value under `key`, replacing the one stored before (created_at is kept)."""
        params = {
            "person_id": person_id,
            "key": key,
            "value": value,
            "confidence": confidence,
            "evidence_type": evidence_type,
            "evidence_id": evidence_id,
        }
        attribute = await self._write_one("upsert", params, Attribute)
        assert attribute is not None, "INSERT ... ON CONFLICT DO UPDATE returns the row"
        return attribute

    async def delete(self, person_id: int, key: str) -> None:
        """Delete one attribute; deleting one that is not there does nothing."""
        await self._write("delete", {"person_id": person_id, "key": key})

    async def by_person(self, person_id: int) -> list[Attribute]:
        """A person's attributes, by key."""
        return await self._fetch_all("by_person", {"person_id": person_id}, Attribute)
