"""Attributes: structured, updatable memory on a person (key, value, confidence, evidence)."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from mhc.domain.errors import InvalidInput
from mhc.domain.models import Attribute, Confidence, EvidenceType
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import require_person

MAX_KEY_LENGTH = 64
MAX_VALUE_LENGTH = 1000


class AttributeInput(msgspec.Struct, frozen=True, kw_only=True):
    """One attribute to store; evidence other than manual must say which row it points at."""

    key: str
    value: str
    confidence: Confidence = Confidence.HIGH
    evidence_type: EvidenceType = EvidenceType.MANUAL
    evidence_id: int | None = None


def clean_attribute(item: AttributeInput) -> AttributeInput:
    """The item with key and value trimmed; InvalidInput naming the field that breaks a rule."""
    key, value = item.key.strip(), item.value.strip()
    if not key:
        raise InvalidInput("an attribute needs a key", field="key")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"an attribute key has at most {MAX_KEY_LENGTH} characters", field="key")
    if len(value) > MAX_VALUE_LENGTH:
        raise InvalidInput(
            f"an attribute value has at most {MAX_VALUE_LENGTH} characters", field="value"
        )
    if item.evidence_type != EvidenceType.MANUAL and item.evidence_id is None:
        raise InvalidInput(
            f"{item.evidence_type} evidence needs the id of that {item.evidence_type}",
            field="evidence_id",
        )
    return msgspec.structs.replace(item, key=key, value=value)


async def upsert_attribute(uow: UnitOfWork, person_id: int, item: AttributeInput) -> Attribute:
    """Set one attribute, replacing the value under the same key."""
    cleaned = clean_attribute(item)
    await require_person(uow, person_id)
    return await _store(uow, person_id, cleaned)


async def put_attributes(
    uow: UnitOfWork, person_id: int, items: Sequence[AttributeInput]
) -> list[Attribute]:
    """Make the person's stored attributes exactly `items`: keys not in `items` are deleted.

    This is the tag editor's save (HTTP PUT). Keys must be distinct after trimming.
    """
    cleaned = [clean_attribute(item) for item in items]
    keys = [item.key for item in cleaned]
    if len(set(keys)) != len(keys):
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        raise InvalidInput(f"attribute keys repeat: {', '.join(duplicated)}", field="attributes")
    await require_person(uow, person_id)
    for stored in await uow.attributes.by_person(person_id):
        if stored.key not in keys:
            await uow.attributes.delete(person_id, stored.key)
    for item in cleaned:
        await _store(uow, person_id, item)
    return await uow.attributes.by_person(person_id)


async def _store(uow: UnitOfWork, person_id: int, item: AttributeInput) -> Attribute:
    return await uow.attributes.upsert(
        person_id,
        key=item.key,
        value=item.value,
        confidence=item.confidence,
        evidence_type=item.evidence_type,
        evidence_id=item.evidence_id,
    )


class AttributeService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def set_many(self, person_id: int, items: Sequence[AttributeInput]) -> list[Attribute]:
        """Replace the person's attributes with `items` (see put_attributes)."""
        async with self._uow_factory() as uow:
            stored = await put_attributes(uow, person_id, items)
            await uow.commit()
        return stored

    async def upsert(self, person_id: int, item: AttributeInput) -> Attribute:
        async with self._uow_factory() as uow:
            stored = await upsert_attribute(uow, person_id, item)
            await uow.commit()
        return stored

    async def by_person(self, person_id: int) -> list[Attribute]:
        """A person's attributes, by key."""
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.attributes.by_person(person_id)
