"""Rules the database enforces by itself, whatever the application does (raw SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from psycopg import errors
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.models import InteractionSource, InteractionType, NewInteraction

SHOW_START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


def _person(conn: psycopg.Connection, username: str, platform: str = "chaturbate") -> int:
    row = conn.execute(
        "INSERT INTO persons (username, platform) VALUES (%s, %s) RETURNING id",
        [username, platform],
    ).fetchone()
    assert row is not None
    return int(row[0])


def _snapshot(conn: psycopg.Connection, person_id: int) -> int:
    row = conn.execute(
        "INSERT INTO snapshots (person_id, source, raw_payload) "
        "VALUES (%s, 'statbate_member', '{}') RETURNING id",
        [person_id],
    ).fetchone()
    assert row is not None
    return int(row[0])


def _interaction(conn: psycopg.Connection, person_id: int, event_id: str | None = None) -> None:
    conn.execute(
        "INSERT INTO interactions (person_id, type, occurred_at, source, source_event_id) "
        "VALUES (%s, 'TIP', now(), 'cb_events', %s)",
        [person_id, event_id],
    )


def test_username_is_refused_when_it_has_capitals(conn: psycopg.Connection) -> None:
    with pytest.raises(errors.CheckViolation):
        _person(conn, "Big_Tipper_77")


def test_username_is_refused_when_taken_on_the_same_platform(conn: psycopg.Connection) -> None:
    _person(conn, "big_tipper_77")

    with pytest.raises(errors.UniqueViolation):
        _person(conn, "big_tipper_77")


def test_username_is_accepted_when_taken_only_on_another_platform(
    conn: psycopg.Connection,
) -> None:
    _person(conn, "big_tipper_77")

    _person(conn, "big_tipper_77", platform="stripchat")


def test_alias_is_refused_when_another_person_uses_it_already(conn: psycopg.Connection) -> None:
    owner = _person(conn, "night_owl")
    other = _person(conn, "early_bird")
    conn.execute(
        "INSERT INTO person_aliases (person_id, alias) VALUES (%s, 'owl_of_minerva')", [owner]
    )

    with pytest.raises(errors.UniqueViolation):
        conn.execute(
            "INSERT INTO person_aliases (person_id, alias) VALUES (%s, 'owl_of_minerva')", [other]
        )


@pytest.mark.parametrize(
    "statement",
    ["UPDATE snapshots SET normalized_metrics = '{}'", "DELETE FROM snapshots"],
)
def test_snapshots_refuse_changes_when_written_once(
    conn: psycopg.Connection, statement: str
) -> None:
    _snapshot(conn, _person(conn, "big_tipper_77"))

    with pytest.raises(errors.RestrictViolation, match="snapshots is append-only"):
        conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE interactions SET content = 'edited'", "DELETE FROM interactions"],
)
def test_interactions_refuse_changes_when_written_once(
    conn: psycopg.Connection, statement: str
) -> None:
    _interaction(conn, _person(conn, "big_tipper_77"))

    with pytest.raises(errors.RestrictViolation, match="interactions is append-only"):
        conn.execute(statement)


def _run_as_erasure(conn: psycopg.Connection, statement: str) -> None:
    """Run `statement` in a transaction that opened the append-only triggers to itself."""
    with conn.transaction():
        conn.execute("SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true)")
        conn.execute(statement.encode())


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("TRUNCATE snapshots", "snapshots is append-only: TRUNCATE refused"),
        ("TRUNCATE interactions", "interactions is append-only: TRUNCATE refused"),
        ("TRUNCATE persons CASCADE", "is append-only: TRUNCATE refused"),
        ("TRUNCATE erasures", "erasures is an audit log: TRUNCATE refused"),
    ],
)
def test_append_only_tables_refuse_truncate_when_erasure_is_allowed_too(
    conn: psycopg.Connection, statement: str, refusal: str
) -> None:
    person_id = _person(conn, "big_tipper_77")
    _snapshot(conn, person_id)
    _interaction(conn, person_id)

    with pytest.raises(errors.RestrictViolation, match=refusal):
        _run_as_erasure(conn, statement)

    assert conn.execute("SELECT count(*) FROM snapshots").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM interactions").fetchone() == (1,)


def test_snapshots_can_be_erased_when_the_transaction_allows_erasure(
    conn: psycopg.Connection,
) -> None:
    _snapshot(conn, _person(conn, "big_tipper_77"))

    _run_as_erasure(conn, "DELETE FROM snapshots")

    assert conn.execute("SELECT count(*) FROM snapshots").fetchone() == (0,)


def test_second_live_session_is_refused_when_broadcaster_is_live(
    conn: psycopg.Connection,
) -> None:
    conn.execute("INSERT INTO stream_sessions (broadcaster) VALUES ('hudson_cage')")

    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO stream_sessions (broadcaster) VALUES ('hudson_cage')")


def test_new_live_session_is_accepted_when_the_previous_one_ended(
    conn: psycopg.Connection,
) -> None:
    conn.execute("INSERT INTO stream_sessions (broadcaster) VALUES ('hudson_cage')")
    conn.execute("UPDATE stream_sessions SET status = 'ENDED', ended_at = now()")

    conn.execute("INSERT INTO stream_sessions (broadcaster) VALUES ('hudson_cage')")


def test_session_is_refused_when_live_with_an_end_time(conn: psycopg.Connection) -> None:
    with pytest.raises(errors.CheckViolation):
        conn.execute("INSERT INTO stream_sessions (status, ended_at) VALUES ('LIVE', now())")


def test_same_source_event_is_refused_when_stored_twice(conn: psycopg.Connection) -> None:
    tipper = _person(conn, "big_tipper_77")
    _interaction(conn, tipper, "evt-1")

    with pytest.raises(errors.UniqueViolation):
        _interaction(conn, tipper, "evt-1")


def test_events_without_id_are_all_kept_when_repeated(conn: psycopg.Connection) -> None:
    tipper = _person(conn, "big_tipper_77")
    _interaction(conn, tipper)
    _interaction(conn, tipper)

    assert conn.execute("SELECT count(*) FROM interactions").fetchone() == (2,)


async def test_repeated_event_is_stored_once_when_added_through_the_repository(
    pool: ConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        tipper = await insert_viewer(uow, "big_tipper_77", SHOW_START)
        tip = NewInteraction(
            person_id=tipper.id,
            type=InteractionType.TIP,
            content=None,
            occurred_at=SHOW_START,
            source=InteractionSource.CB_EVENTS,
            source_event_id="evt-1",
        )
        first = await uow.interactions.add(tip)
        again = await uow.interactions.add(tip)
        counted = await uow.interactions.add_many([tip, tip])

    assert first is not None
    assert (again, counted) == (None, 0)


def test_five_watchlists_are_built_in_when_database_is_new(conn: psycopg.Connection) -> None:
    rows = conn.execute("SELECT name, is_system FROM watchlists ORDER BY id").fetchall()

    assert rows == [
        ("Friends", True),
        ("Known Streamers", True),
        ("Ones to Watch", True),
        ("Banned But Craved", True),
        ("Excluded", True),
    ]


def test_built_in_watchlists_are_refused_deletion_when_deleted_by_sql(
    conn: psycopg.Connection,
) -> None:
    with pytest.raises(errors.RestrictViolation, match='"Friends" is built in'):
        conn.execute("DELETE FROM watchlists WHERE name = 'Friends'")

    assert conn.execute("SELECT count(*) FROM watchlists").fetchone() == (5,)


def test_user_watchlists_are_deleted_when_deleted_by_sql(conn: psycopg.Connection) -> None:
    conn.execute("INSERT INTO watchlists (name) VALUES ('Whales')")

    conn.execute("DELETE FROM watchlists WHERE name = 'Whales'")

    assert conn.execute("SELECT count(*) FROM watchlists").fetchone() == (5,)


def test_watchlist_name_is_refused_when_it_differs_only_in_case(conn: psycopg.Connection) -> None:
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO watchlists (name) VALUES ('FRIENDS')")
