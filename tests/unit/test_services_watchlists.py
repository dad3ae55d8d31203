from __future__ import annotations

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Person, Watchlist
from mhc.domain.watchlists import SYSTEM_WATCHLISTS
from mhc.services.people import PeopleService
from mhc.services.watchlists import WatchlistService


@pytest.fixture
def watchlists(database: FakeDatabase) -> WatchlistService:
    return WatchlistService(database.unit_of_work)


@pytest.fixture
async def shy(database: FakeDatabase, clock: ManualClock) -> Person:
    people = PeopleService(database.unit_of_work, ExclusionPolicy([]), clock)
    return await people.find_or_create("shy_owl")


async def _by_name(watchlists: WatchlistService, name: str) -> Watchlist:
    return next(w for w in await watchlists.list() if w.name == name)


async def test_list_shows_the_built_in_lists_when_nothing_was_created(
    watchlists: WatchlistService,
) -> None:
    lists = await watchlists.list()
    assert [w.name for w in lists] == list(SYSTEM_WATCHLISTS)
    assert all(w.is_system for w in lists)


async def test_create_trims_the_name_when_it_is_new(watchlists: WatchlistService) -> None:
    created = await watchlists.create("  Big Spenders ")

    assert (created.name, created.is_system) == ("Big Spenders", False)
    assert await watchlists.get(created.id) == created


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
async def test_create_raises_invalid_input_when_the_name_is_blank_or_long(
    watchlists: WatchlistService, name: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await watchlists.create(name)
    assert raised.value.field == "name"


@pytest.mark.parametrize("name", ["friends", "Big Spenders", "BIG SPENDERS "])
async def test_create_raises_conflict_when_the_name_is_taken_in_any_case(
    watchlists: WatchlistService, name: str
) -> None:
    await watchlists.create("Big Spenders")
    with pytest.raises(Conflict):
        await watchlists.create(name)


async def test_rename_changes_the_name_when_the_list_is_the_owners(
    watchlists: WatchlistService,
) -> None:
    created = await watchlists.create("Big Spenders")

    assert (await watchlists.rename(created.id, "Whales")).name == "Whales"
    assert (await watchlists.rename(created.id, "WHALES")).name == "WHALES"


async def test_rename_raises_conflict_when_the_name_is_taken_or_the_list_built_in(
    watchlists: WatchlistService,
) -> None:
    created = await watchlists.create("Big Spenders")
    friends = await _by_name(watchlists, "Friends")

    with pytest.raises(Conflict):
        await watchlists.rename(created.id, "Ones to Watch")
    with pytest.raises(Conflict, match="built-in"):
        await watchlists.rename(friends.id, "Besties")
    with pytest.raises(NotFound):
        await watchlists.rename(404, "Whales")


async def test_delete_removes_the_list_and_its_members_when_the_list_is_the_owners(
    watchlists: WatchlistService, shy: Person
) -> None:
    created = await watchlists.create("Big Spenders")
    await watchlists.add_member(created.id, shy.id)

    await watchlists.delete(created.id)

    with pytest.raises(NotFound):
        await watchlists.get(created.id)
    assert await watchlists.lists_of_person(shy.id) == []


@pytest.mark.parametrize("name", SYSTEM_WATCHLISTS)
async def test_delete_raises_conflict_when_the_list_is_built_in(
    watchlists: WatchlistService, name: str
) -> None:
    built_in = await _by_name(watchlists, name)
    with pytest.raises(Conflict):
        await watchlists.delete(built_in.id)
    assert await watchlists.get(built_in.id) == built_in


async def test_delete_raises_not_found_when_the_list_is_unknown(
    watchlists: WatchlistService,
) -> None:
    with pytest.raises(NotFound):
        await watchlists.delete(404)


async def test_add_member_keeps_the_first_time_when_added_twice(
    watchlists: WatchlistService, shy: Person, clock: ManualClock
) -> None:
    friends = await _by_name(watchlists, "Friends")
    first = await watchlists.add_member(friends.id, shy.id)
    clock.advance(days=1)

    again = await watchlists.add_member(friends.id, shy.id)

    assert again == first
    assert first.added_at == EVENING
    assert await watchlists.members(friends.id) == [first]
    assert [w.name for w in await watchlists.lists_of_person(shy.id)] == ["Friends"]


async def test_add_member_raises_not_found_when_the_list_or_person_is_unknown(
    watchlists: WatchlistService, shy: Person
) -> None:
    friends = await _by_name(watchlists, "Friends")
    with pytest.raises(NotFound, match="watchlist"):
        await watchlists.add_member(404, shy.id)
    with pytest.raises(NotFound, match="person"):
        await watchlists.add_member(friends.id, 404)


async def test_remove_member_reports_whether_the_person_was_on_the_list(
    watchlists: WatchlistService, shy: Person
) -> None:
    friends = await _by_name(watchlists, "Friends")
    await watchlists.add_member(friends.id, shy.id)

    assert await watchlists.remove_member(friends.id, shy.id)
    assert not await watchlists.remove_member(friends.id, shy.id)
    assert await watchlists.members(friends.id) == []
    with pytest.raises(NotFound):
        await watchlists.remove_member(404, shy.id)


async def test_members_pages_in_order_added_when_the_list_is_long(
    watchlists: WatchlistService, database: FakeDatabase, clock: ManualClock
) -> None:
    people = PeopleService(database.unit_of_work, ExclusionPolicy([]), clock)
    watch = await _by_name(watchlists, "Ones to Watch")
    for name in ("viewer_a", "viewer_b", "viewer_c"):
        person = await people.find_or_create(name)
        await watchlists.add_member(watch.id, person.id)
        clock.advance(minutes=1)

    page = await watchlists.members(watch.id, limit=2, offset=1)

    assert [(await people.find_by_id(m.person_id)).username for m in page] == [
        "viewer_b",
        "viewer_c",
    ]
    with pytest.raises(InvalidInput):
        await watchlists.members(watch.id, limit=0)
    with pytest.raises(NotFound):
        await watchlists.members(404)


async def test_lists_of_person_raises_not_found_when_the_person_is_unknown(
    watchlists: WatchlistService,
) -> None:
    with pytest.raises(NotFound):
        await watchlists.lists_of_person(404)
