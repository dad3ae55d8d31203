"""The room's presence statement on the real database against the rule it implements, for any
order of moves: a person is in the room from their first sign after their last leave; a leave
takes them out; only Events API rows after the newest reset count; the owner, excluded persons
and a private message the owner sent never put anyone in."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb

from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.radar import _PRESENCE_MOVES
from mhc.domain.lookups import PRESENCE_TYPES
from mhc.domain.models import InteractionSource, InteractionType

OWNER = "hudson_cage"
# The owner, an excluded person and three viewers.
PEOPLE = (OWNER, "smk_lover", "big_tipper_77", "quiet_lurker", "night_owl")
EXCLUDED = {"smk_lover"}
START = datetime(2026, 2, 1, 20, 0, tzinfo=UTC)
PRESENCE_STATEMENT = load_queries("radar")["presence_events"]

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


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=moves, after=moves)
def test_the_room_holds_whoever_showed_a_sign_since_their_last_leave_after_the_reset(
    conn: psycopg.Connection, before: list[Move], after: list[Move]
) -> None:
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

    # Each example starts a broadcast of its own: what came before it (earlier examples' moves
    # and this one's `before`) is out of the room.
    for move in before:
        store(*move)
    reset_at = START + timedelta(seconds=len(before))  # the time `at` gives the reset
    reset_id = store(OWNER, InteractionType.BROADCAST_START, False, InteractionSource.CB_EVENTS)
    stored = [(store(*move), *move) for move in after]

    rows = conn.execute(
        PRESENCE_STATEMENT,
        {
            "since": reset_at,
            "reset_id": reset_id,
            "types": _PRESENCE_MOVES,
            "owner": OWNER,
        },
        prepare=False,
    ).fetchall()
    assert [row[0] for row in rows] == expected_arrivals(stored)
