"""The room's presence on the real database against the rule it implements, for any order of
moves and any looks at the room between them: a person is in the room from their first sign
after their last leave; a leave takes them out; only Events API rows after the newest reset
count; the owner, excluded persons and a private message the owner sent never put anyone in.
Each look folds only the moves since the fold it keeps (kept_presence.py), so the looks between
the moves are part of what is drawn, and a move committed late below a kept fold must still
count."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.radar import PostgresLiveFeed
from mhc.domain.lookups import PRESENCE_TYPES
from mhc.domain.models import InteractionSource, InteractionType

OWNER = "hudson_cage"
# The owner, an excluded person and three viewers.
PEOPLE = (OWNER, "smk_lover", "big_tipper_77", "quiet_lurker", "night_owl")
EXCLUDED = {"smk_lover"}
START = datetime(2026, 2, 1, 20, 0, tzinfo=UTC)
# The looks' clock: the moves are inside the presence window, which starts at the reset.
NOW = START + timedelta(hours=1)

move_types = st.sampled_from(
    sorted({*PRESENCE_TYPES, InteractionType.USER_LEAVE, InteractionType.UNFOLLOW})
)
# Who, what, whether the owner sent it (for a private message), through which source.
Move = tuple[str, InteractionType, bool, InteractionSource]
moves = st.lists(
    st.tuples(
        st.sampled_from(PEOPLE),
        move_types,
        st.booleans(),
        st.sampled_from([InteractionSource.CB_EVENTS, InteractionSource.PASTE]),
    ),
    max_size=30,
)


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, autocommit=True) as opened:
        for name in PEOPLE:
            opened.execute(
                "INSERT INTO persons (username, role, is_excluded) VALUES (%s, 'VIEWER', %s)",
                (name, name in EXCLUDED),
            )
        yield opened


def expected_arrivals(stored: list[tuple[int, *Move]]) -> list[int]:
    """The rule, move by move in the order stored."""
    inside: dict[str, int] = {}
    for row_id, who, kind, from_owner, source in stored:
        if source is not InteractionSource.CB_EVENTS:
            continue
        if kind is InteractionType.USER_LEAVE:
            inside.pop(who, None)
        elif kind in PRESENCE_TYPES and not (
            kind is InteractionType.PRIVATE_MESSAGE and from_owner
        ):
            inside.setdefault(who, row_id)
    return sorted(row_id for who, row_id in inside.items() if who != OWNER and who not in EXCLUDED)


Store = Callable[[str, InteractionType, bool, InteractionSource], int]


def storing(conn: psycopg.Connection) -> Store:
    """Stores one move a second from START; returns its id."""
    ids: dict[str, int] = dict(conn.execute("SELECT username, id FROM persons").fetchall())
    at = (START + timedelta(seconds=s) for s in itertools.count())

    def store(who: str, kind: InteractionType, from_owner: bool, source: InteractionSource) -> int:
        metadata = {"fromUser": OWNER.upper() if from_owner else who, "toUser": who}
        row = conn.execute(
            "INSERT INTO interactions (person_id, type, occurred_at, source, metadata) "
            "VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (ids[who], kind, next(at), source, Jsonb(metadata)),
        ).fetchone()
        assert row is not None
        return int(row[0])

    return store


async def present(feed: PostgresLiveFeed) -> list[int]:
    """The ids of the events that put each person present in the room, as a look reads them."""
    state = await feed.room_state(OWNER, now=NOW, recent=1)
    return [event.id for event in state.presence_events]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=moves, between_looks=st.lists(moves, max_size=4))
def test_the_room_holds_whoever_showed_a_sign_since_their_last_leave_after_the_reset(
    conn: psycopg.Connection,
    database_url: str,
    before: list[Move],
    between_looks: list[list[Move]],
) -> None:
    store = storing(conn)
    # Each example starts a broadcast of its own: what came before it (earlier examples' moves
    # and this one's `before`) is out of the room.
    for move in before:
        store(*move)
    store(OWNER, InteractionType.BROADCAST_START, False, InteractionSource.CB_EVENTS)

    async def look_after_each_batch() -> None:
        async with AsyncConnectionPool(database_url, open=False) as pool:
            feed = PostgresLiveFeed(pool, database_url)
            stored: list[tuple[int, *Move]] = []
            for batch in [[], *between_looks]:
                stored += [(store(*move), *move) for move in batch]
                assert await present(feed) == expected_arrivals(stored)

    asyncio.run(look_after_each_batch())


async def test_a_move_committed_after_a_look_at_a_later_one_is_in_the_room_at_every_look_after(
    conn: psycopg.Connection, database_url: str
) -> None:
    store = storing(conn)
    store(OWNER, InteractionType.BROADCAST_START, False, InteractionSource.CB_EVENTS)
    async with (
        AsyncConnectionPool(database_url, open=False) as pool,
        await psycopg.AsyncConnection.connect(database_url) as late,
    ):
        feed = PostgresLiveFeed(pool, database_url)
        # A transaction takes an id for night_owl's enter and commits only after a later enter
        # has been committed and seen by two looks.
        await late.execute(
            "INSERT INTO interactions (person_id, type, occurred_at, source) "
            "SELECT id, 'USER_ENTER', %s, 'cb_events' FROM persons WHERE username = 'night_owl'",
            (START,),
        )
        seen = store("quiet_lurker", InteractionType.USER_ENTER, False, InteractionSource.CB_EVENTS)
        assert await present(feed) == [seen]
        assert await present(feed) == [seen]
        await late.commit()
        [(late_id,)] = conn.execute(
            "SELECT max(i.id) FROM interactions i JOIN persons p ON p.id = i.person_id "
            "WHERE p.username = 'night_owl'"
        ).fetchall()
        assert late_id < seen
        assert await present(feed) == [late_id, seen]
        assert await present(feed) == [late_id, seen]
