from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Platform, Role
from mhc.domain.people import merge_roles
from mhc.domain.watchlists import EXCLUDED
from mhc.services.people import PeopleService

roles = st.sampled_from(list(Role))


@pytest.fixture
def people(database: FakeDatabase, clock: ManualClock) -> PeopleService:
    return PeopleService(database.unit_of_work, ExclusionPolicy(["smk_lover"]), clock)


async def test_find_or_create_stores_a_normalised_person_when_the_name_is_new(
    people: PeopleService, database: FakeDatabase
) -> None:
    person = await people.find_or_create(" @Big_Tipper_77 ", role=Role.VIEWER)

    assert person.username == "big_tipper_77"
    assert person.platform == Platform.CHATURBATE
    assert person.role == Role.VIEWER
    assert (person.first_seen_at, person.last_seen_at) == (EVENING, EVENING)
    assert not person.is_excluded
    assert list(database.tables.persons.values()) == [person]


async def test_find_or_create_returns_the_same_person_when_seen_again_in_other_case(
    people: PeopleService, database: FakeDatabase, clock: ManualClock
) -> None:
    first = await people.find_or_create("big_tipper_77")
    later = clock.advance(hours=3)

    again = await people.find_or_create("BIG_TIPPER_77")

    assert again.id == first.id
    assert again.first_seen_at == EVENING
    assert again.last_seen_at == later
    assert len(database.tables.persons) == 1


@pytest.mark.parametrize(
    ("known", "seen", "expected"),
    [
        (Role.VIEWER, Role.MODEL, Role.BOTH),
        (Role.MODEL, Role.VIEWER, Role.BOTH),
        (Role.UNKNOWN, Role.VIEWER, Role.VIEWER),
        (Role.UNKNOWN, Role.MODEL, Role.MODEL),
        (Role.MODEL, Role.UNKNOWN, Role.MODEL),
        (Role.BOTH, Role.VIEWER, Role.BOTH),
        (Role.BOTH, Role.UNKNOWN, Role.BOTH),
        (Role.VIEWER, Role.VIEWER, Role.VIEWER),
    ],
)
async def test_find_or_create_upgrades_the_role_when_seen_in_another_role(
    people: PeopleService, known: Role, seen: Role, expected: Role
) -> None:
    await people.find_or_create("shy_owl", role=known)
    assert (await people.find_or_create("shy_owl", role=seen)).role == expected


@given(roles, roles, roles)
def test_merge_roles_never_forgets_when_roles_arrive_in_any_order(
    first: Role, second: Role, third: Role
) -> None:
    assert merge_roles(first, second) == merge_roles(second, first)
    assert merge_roles(merge_roles(first, second), third) == merge_roles(
        first, merge_roles(second, third)
    )
    assert merge_roles(first, first) == first
    merged = merge_roles(first, second)
    assert merge_roles(merged, first) == merged
    assert (merged == Role.UNKNOWN) == (first == second == Role.UNKNOWN)


async def test_find_or_create_excludes_and_lists_the_person_when_the_name_is_excluded(
    people: PeopleService, database: FakeDatabase
) -> None:
    person = await people.find_or_create("SMK_Lover")

    assert person.is_excluded
    async with database.unit_of_work() as uow:
        lists = await uow.watchlists.lists_of_person(person.id)
    assert [w.name for w in lists] == [EXCLUDED]


async def test_find_or_create_leaves_lists_alone_when_the_name_is_not_excluded(
    people: PeopleService, database: FakeDatabase
) -> None:
    person = await people.find_or_create("shy_owl")
    async with database.unit_of_work() as uow:
        assert await uow.watchlists.lists_of_person(person.id) == []


async def test_find_or_create_stores_nothing_when_the_excluded_list_is_missing(
    people: PeopleService, database: FakeDatabase
) -> None:
    for watchlist_id, watchlist in list(database.tables.watchlists.items()):
        if watchlist.name == EXCLUDED:
            del database.tables.watchlists[watchlist_id]

    with pytest.raises(NotFound, match="Excluded"):
        await people.find_or_create("smk_lover")
    assert database.tables.persons == {}


async def test_find_or_create_finds_the_owner_when_the_name_is_an_alias(
    people: PeopleService, database: FakeDatabase
) -> None:
    owner = await people.find_or_create("night_owl_3")
    await people.add_alias(owner.id, "night_owl_old")

    found = await people.find_or_create("Night_Owl_Old", role=Role.VIEWER)

    assert found.id == owner.id
    assert found.username == "night_owl_3"
    assert len(database.tables.persons) == 1


async def test_find_or_create_raises_invalid_input_when_the_name_is_not_a_username(
    people: PeopleService, database: FakeDatabase
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await people.find_or_create("big tipper")
    assert raised.value.field == "username"
    assert database.tables.persons == {}


async def test_find_by_id_raises_not_found_when_the_id_is_unknown(people: PeopleService) -> None:
    with pytest.raises(NotFound):
        await people.find_by_id(404)


async def test_find_by_id_returns_the_person_when_known(people: PeopleService) -> None:
    person = await people.find_or_create("shy_owl")
    assert await people.find_by_id(person.id) == person


async def test_find_by_username_matches_names_and_aliases_when_known(
    people: PeopleService,
) -> None:
    owner = await people.find_or_create("night_owl_3")
    await people.add_alias(owner.id, "night_owl_old")

    assert await people.find_by_username("@NIGHT_OWL_3") == owner
    assert await people.find_by_username("night_owl_old") == owner
    assert await people.find_by_username("stranger_42") is None


async def test_add_alias_stores_the_normalised_alias_when_free(people: PeopleService) -> None:
    person = await people.find_or_create("night_owl_3")

    alias = await people.add_alias(person.id, " Night_Owl_Old ")

    assert (alias.person_id, alias.alias, alias.valid_to) == (person.id, "night_owl_old", None)
    assert await people.list_aliases(person.id) == [alias]


@pytest.mark.parametrize("taken", ["shy_owl", "shy_owl_old", "night_owl_3"])
async def test_add_alias_raises_conflict_when_the_name_belongs_to_someone(
    people: PeopleService, taken: str
) -> None:
    shy = await people.find_or_create("shy_owl")
    await people.add_alias(shy.id, "shy_owl_old")
    night = await people.find_or_create("night_owl_3")

    with pytest.raises(Conflict):
        await people.add_alias(night.id, taken)
    assert await people.list_aliases(night.id) == []


async def test_add_alias_raises_not_found_when_the_person_is_unknown(
    people: PeopleService,
) -> None:
    with pytest.raises(NotFound):
        await people.add_alias(404, "night_owl_old")


async def test_list_aliases_raises_not_found_when_the_person_is_unknown(
    people: PeopleService,
) -> None:
    with pytest.raises(NotFound):
        await people.list_aliases(404)
