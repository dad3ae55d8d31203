"""`mhc.connect()`: the library surface for scripts, on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import mhc
from mhc.domain.errors import Conflict
from mhc.domain.models import (
    InteractionFilters,
    InteractionSource,
    InteractionType,
    Role,
    SessionStatus,
    SnapshotSource,
)
from mhc.services.attributes import AttributeInput

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


async def test_readme_example_works_when_connected_to_a_database(database_url: str) -> None:
    async with mhc.connect(database_url) as panel:
        person = await panel.people.find_or_create("big_tipper_77", role=Role.VIEWER)
        for captured_at, tokens in ((MONDAY, 10000), (TUESDAY, 12000)):
            await panel.snapshots.create(
                person.id,
                SnapshotSource.STATBATE_MEMBER,
                raw_payload={"data": {"all_time_tokens": tokens}},
                normalized_metrics={"all_time_tokens": tokens},
                captured_at=captured_at,
            )
        show = await panel.sessions.start()
        await panel.interactions.create(
            person.id,
            InteractionType.TIP,
            "for the goal",
            TUESDAY,
            InteractionSource.CB_EVENTS,
            metadata={"tokens": 100},
            session_id=show.id,
        )
        await panel.notes.add(person.id, "Tips big on Fridays")
        whales = await panel.watchlists.create("Whales")
        await panel.watchlists.add_member(whales.id, person.id)

        delta = await panel.snapshots.compute_deltas(person.id, SnapshotSource.STATBATE_MEMBER)
        tips = await panel.interactions.get_by_person(
            person.id, InteractionFilters(types=(InteractionType.TIP,))
        )
        notes = await panel.notes.by_person(person.id)
        lists = await panel.watchlists.lists_of_person(person.id)

    assert (person.username, person.role) == ("big_tipper_77", Role.VIEWER)
    assert delta is not None
    assert delta.deltas == {"all_time_tokens": 2000}
    assert [(t.content, t.metadata, t.stream_session_id) for t in tips] == [
        ("for the goal", {"tokens": 100}, show.id)
    ]
    assert [n.content for n in notes] == ["Tips big on Fridays"]
    assert [w.name for w in lists] == ["Whales"]


async def test_data_is_kept_when_connecting_again(database_url: str) -> None:
    async with mhc.connect(database_url) as panel:
        created = await panel.people.find_or_create("big_tipper_77")
        await panel.attributes.upsert(
            created.id, AttributeInput(key="timezone", value="Europe/Berlin")
        )

    async with mhc.connect(database_url) as panel:
        found = await panel.people.find_by_username("BIG_TIPPER_77")
        attributes = await panel.attributes.by_person(created.id)

    assert found is not None
    assert found.id == created.id
    assert [(a.key, a.value) for a in attributes] == [("timezone", "Europe/Berlin")]


async def test_connect_applies_migrations_when_database_is_empty(
    empty_database_url: str,
) -> None:
    async with mhc.connect(empty_database_url) as panel:
        lists = await panel.watchlists.list()

    assert [w.name for w in lists] == [
        "Friends",
        "Known Streamers",
        "Ones to Watch",
        "Banned But Craved",
        "Excluded",
    ]


async def test_excluded_username_lands_on_the_excluded_list_when_first_seen(
    database_url: str,
) -> None:
    async with mhc.connect(database_url) as panel:
        person = await panel.people.find_or_create("smk_lover")
        lists = await panel.watchlists.lists_of_person(person.id)

    assert person.is_excluded is True
    assert [w.name for w in lists] == ["Excluded"]


async def test_find_or_create_returns_the_same_person_when_given_an_alias(
    database_url: str,
) -> None:
    async with mhc.connect(database_url) as panel:
        person = await panel.people.find_or_create("big_tipper_77")
        await panel.people.add_alias(person.id, "big_tipper_old")

        again = await panel.people.find_or_create("big_tipper_old", role=Role.MODEL)

    assert again.id == person.id
    assert again.role is Role.MODEL


async def test_sessions_refuse_a_second_end_when_driven_through_the_panel(
    database_url: str,
) -> None:
    async with mhc.connect(database_url) as panel:
        show = await panel.sessions.start()
        same_show = await panel.sessions.start()
        ended = await panel.sessions.end(show.id)

        with pytest.raises(Conflict):
            await panel.sessions.end(show.id)

    assert same_show == show
    assert ended.status is SessionStatus.ENDED


async def test_redelivered_event_is_stored_once_when_created_twice(database_url: str) -> None:
    async with mhc.connect(database_url) as panel:
        person = await panel.people.find_or_create("big_tipper_77")
        arguments = (person.id, InteractionType.FOLLOW, None, MONDAY, InteractionSource.CB_EVENTS)

        first = await panel.interactions.create(*arguments, source_event_id="evt-1")
        again = await panel.interactions.create(*arguments, source_event_id="evt-1")
        count = await panel.interactions.count_by_person(person.id)

    assert first is not None
    assert (again, count) == (None, 1)


@pytest.fixture
def embedded_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """MHC_DATA_DIR in a temporary folder; the embedded server started there is stopped after."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("MHC_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file
    yield data_dir
    import pgserver

    server = pgserver.get_server(data_dir / "pg")
    # The embedded server outlives its process on purpose; a test must not leave it behind.
    server.cleanup_mode = "stop"
    server.cleanup()


async def test_connect_without_url_uses_a_reusable_embedded_server_in_the_data_dir(
    embedded_data_dir: Path,
) -> None:
    async with mhc.connect() as panel:
        created = await panel.people.find_or_create("big_tipper_77")
    first_server_pid = _postmaster_pid(embedded_data_dir)

    async with mhc.connect() as panel:
        found = await panel.people.find_by_username("big_tipper_77")

    assert (embedded_data_dir / "pg" / "PG_VERSION").is_file()
    assert found == created
    assert _postmaster_pid(embedded_data_dir) == first_server_pid


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pg" / "postmaster.pid").read_text().splitlines()[0])
