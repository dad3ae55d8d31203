"""PostgresWatchlistRepository against a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import Watchlist

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BUILT_IN = ["Friends", "Known Streamers", "Ones to Watch", "Banned But Craved", "Excluded"]


async def _friends(uow: PostgresUnitOfWork) -> Watchlist:
    friends = await uow.watchlists.get_by_name("Friends")
    assert friends is not None
    return friends


async def test_list_starts_with_the_five_built_in_lists_when_database_is_new(
    uow: PostgresUnitOfWork,
) -> None:
    lists = await uow.watchlists.list()

    assert [w.name for w in lists] == BUILT_IN
    assert all(w.is_system for w in lists)


async def test_create_adds_a_user_list_after_the_built_in_ones(uow: PostgresUnitOfWork) -> None:
    created = await uow.watchlists.create("Whales")

    assert (created.name, created.is_system) == ("Whales", False)
    assert await uow.watchlists.get(created.id) == created
    assert [w.name for w in await uow.watchlists.list()] == [*BUILT_IN, "Whales"]


async def test_create_raises_conflict_when_the_name_differs_only_in_case(
    uow: PostgresUnitOfWork,
) -> None:
    await uow.watchlists.create("Whales")

    with pytest.raises(Conflict, match="a watchlist named 'WHALES' already exists"):
        await uow.watchlists.create("WHALES")


async def test_create_raises_invalid_input_when_the_name_is_blank(
    uow: PostgresUnitOfWork,
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await uow.watchlists.create("  ")

    assert raised.value.field == "name"


async def test_get_by_name_ignores_case_and_get_returns_none_when_unknown(
    uow: PostgresUnitOfWork,
) -> None:
    found = await uow.watchlists.get_by_name("ones to watch")

    assert found is not None
    assert found.name == "Ones to Watch"
    assert await uow.watchlists.get_by_name("Nobody's list") is None
    assert await uow.watchlists.get(424242) is None


async def test_rename_changes_the_name_when_it_is_free(uow: PostgresUnitOfWork) -> None:
    whales = await uow.watchlists.create("Whales")

    renamed = await uow.watchlists.rename(whales.id, "Big Whales")

    assert renamed.name == "Big Whales"
    assert renamed.id == whales.id


async def test_rename_raises_conflict_when_the_name_is_taken(uow: PostgresUnitOfWork) -> None:
    whales = await uow.watchlists.create("Whales")

    with pytest.raises(Conflict, match="'Friends' already exists"):
        await uow.watchlists.rename(whales.id, "Friends")


async def test_rename_raises_not_found_when_the_list_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="watchlist 424242"):
        await uow.watchlists.rename(424242, "Whales")


async def test_delete_removes_a_user_list_with_its_members(uow: PostgresUnitOfWork) -> None:
    whales = await uow.watchlists.create("Whales")
    tipper = await insert_viewer(uow, "big_tipper_77", MONDAY)
    await uow.watchlists.add_member(whales.id, tipper.id)

    await uow.watchlists.delete(whales.id)

    assert await uow.watchlists.get(whales.id) is None
    assert await uow.watchlists.lists_of_person(tipper.id) == []


async def test_delete_raises_conflict_naming_the_list_when_it_is_built_in(
    uow: PostgresUnitOfWork,
) -> None:
    friends = await _friends(uow)

    with pytest.raises(Conflict, match='watchlist "Friends" is built in and cannot be deleted'):
        await uow.watchlists.delete(friends.id)

    assert await uow.watchlists.get(friends.id) == friends


async def test_delete_does_nothing_when_the_list_is_unknown(uow: PostgresUnitOfWork) -> None:
    await uow.watchlists.delete(424242)

    assert len(await uow.watchlists.list()) == len(BUILT_IN)


async def test_add_member_keeps_the_first_added_at_when_added_twice(
    uow: PostgresUnitOfWork,
) -> None:
    friends = await _friends(uow)
    tipper = await insert_viewer(uow, "big_tipper_77", MONDAY)
    first = await uow.watchlists.add_member(friends.id, tipper.id)
    await uow.commit()

    again = await uow.watchlists.add_member(friends.id, tipper.id)

    assert again == first
    assert await uow.watchlists.members(friends.id) == [first]


async def test_add_member_raises_not_found_when_person_or_list_is_unknown(
    uow: PostgresUnitOfWork,
) -> None:
    friends = await _friends(uow)
    tipper = await insert_viewer(uow, "big_tipper_77", MONDAY)

    with pytest.raises(NotFound, match="person 424242 does not exist"):
        await uow.watchlists.add_member(friends.id, 424242)
    with pytest.raises(NotFound, match="watchlist 424242 does not exist"):
        await uow.watchlists.add_member(424242, tipper.id)


async def test_remove_member_tells_whether_the_person_was_on_the_list(
    uow: PostgresUnitOfWork,
) -> None:
    friends = await _friends(uow)
    tipper = await insert_viewer(uow, "big_tipper_77", MONDAY)
    await uow.watchlists.add_member(friends.id, tipper.id)

    assert await uow.watchlists.remove_member(friends.id, tipper.id) is True
    assert await uow.watchlists.remove_member(friends.id, tipper.id) is False
    assert await uow.watchlists.members(friends.id) == []


async def test_members_come_in_the_order_they_were_added_and_page(
    uow: PostgresUnitOfWork,
) -> None:
    friends = await _friends(uow)
    names = ["night_owl", "early_bird", "big_tipper_77"]
    people = [await insert_viewer(uow, name, MONDAY) for name in names]
    for person in people:
        await uow.watchlists.add_member(friends.id, person.id)
        # A new transaction, so that each added_at is later than the one before.
        await uow.commit()

    members = await uow.watchlists.members(friends.id)
    page = await uow.watchlists.members(friends.id, limit=1, offset=1)

    assert [m.person_id for m in members] == [p.id for p in people]
    assert [m.person_id for m in page] == [people[1].id]


async def test_lists_of_person_names_every_list_the_person_is_on(
    uow: PostgresUnitOfWork,
) -> None:
    tipper = await insert_viewer(uow, "big_tipper_77", MONDAY)
    whales = await uow.watchlists.create("Whales")
    friends = await _friends(uow)
    await uow.watchlists.add_member(whales.id, tipper.id)
    await uow.watchlists.add_member(friends.id, tipper.id)

    assert [w.name for w in await uow.watchlists.lists_of_person(tipper.id)] == [
        "Friends",
        "Whales",
    ]
