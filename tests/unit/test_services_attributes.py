from __future__ import annotations

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import Attribute, Confidence, EvidenceType, Person
from mhc.services.attributes import AttributeInput, AttributeService


@pytest.fixture
def attributes(database: FakeDatabase) -> AttributeService:
    return AttributeService(database.unit_of_work)


def _pairs(stored: list[Attribute]) -> list[tuple[str, str]]:
    return [(a.key, a.value) for a in stored]


async def test_set_many_makes_the_stored_set_equal_to_the_items_when_saved(
    attributes: AttributeService, tipper: Person, clock: ManualClock
) -> None:
    await attributes.set_many(
        tipper.id,
        [AttributeInput(key="timezone", value="CET"), AttributeInput(key="tier", value="whale")],
    )
    before = {a.key: a for a in await attributes.by_person(tipper.id)}
    later = clock.advance(days=1)

    saved = await attributes.set_many(
        tipper.id,
        [
            AttributeInput(key=" tier ", value=" regular ", confidence=Confidence.MEDIUM),
            AttributeInput(key="favourite_show", value="oil"),
        ],
    )

    assert _pairs(saved) == [("favourite_show", "oil"), ("tier", "regular")]
    assert await attributes.by_person(tipper.id) == saved
    tier = next(a for a in saved if a.key == "tier")
    assert (tier.id, tier.created_at) == (before["tier"].id, EVENING)
    assert (tier.updated_at, tier.confidence) == (later, Confidence.MEDIUM)


async def test_set_many_clears_everything_when_given_no_items(
    attributes: AttributeService, tipper: Person
) -> None:
    await attributes.set_many(tipper.id, [AttributeInput(key="tier", value="whale")])
    assert await attributes.set_many(tipper.id, []) == []


async def test_set_many_changes_nothing_when_keys_repeat(
    attributes: AttributeService, tipper: Person
) -> None:
    await attributes.set_many(tipper.id, [AttributeInput(key="tier", value="whale")])

    with pytest.raises(InvalidInput) as raised:
        await attributes.set_many(
            tipper.id,
            [
                AttributeInput(key="timezone", value="CET"),
                AttributeInput(key="timezone ", value="UTC"),
            ],
        )

    assert raised.value.field == "attributes"
    assert _pairs(await attributes.by_person(tipper.id)) == [("tier", "whale")]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (AttributeInput(key="  ", value="whale"), "key"),
        (AttributeInput(key="k" * 65, value="whale"), "key"),
        (AttributeInput(key="tier", value="w" * 1001), "value"),
        (
            AttributeInput(key="tier", value="whale", evidence_type=EvidenceType.SNAPSHOT),
            "evidence_id",
        ),
    ],
)
async def test_upsert_raises_invalid_input_naming_the_field_when_an_item_breaks_a_rule(
    attributes: AttributeService, tipper: Person, item: AttributeInput, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await attributes.upsert(tipper.id, item)
    assert raised.value.field == field


async def test_upsert_keeps_other_keys_when_one_changes(
    attributes: AttributeService, tipper: Person
) -> None:
    await attributes.set_many(
        tipper.id,
        [AttributeInput(key="timezone", value="CET"), AttributeInput(key="tier", value="whale")],
    )

    stored = await attributes.upsert(
        tipper.id,
        AttributeInput(
            key="tier",
            value="regular",
            confidence=Confidence.LOW,
            evidence_type=EvidenceType.SNAPSHOT,
            evidence_id=42,
        ),
    )

    assert (stored.evidence_type, stored.evidence_id) == (EvidenceType.SNAPSHOT, 42)
    assert _pairs(await attributes.by_person(tipper.id)) == [
        ("tier", "regular"),
        ("timezone", "CET"),
    ]


async def test_attributes_raise_not_found_when_the_person_is_unknown(
    attributes: AttributeService,
) -> None:
    with pytest.raises(NotFound):
        await attributes.set_many(404, [])
    with pytest.raises(NotFound):
        await attributes.upsert(404, AttributeInput(key="tier", value="whale"))
    with pytest.raises(NotFound):
        await attributes.by_person(404)
