"""The totals the database keeps by triggers (person_totals, person_counts,
session_person_totals, session_totals, person_activity_hours and its folds, person_tips) always
equal a count from scratch, whatever inserts, changes and erasures went before (raw SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from mhc.domain.analysis.aggregates import ACTIVITY_TYPES
from mhc.domain.models import InteractionType

KEPT_TOTALS = "SELECT * FROM person_totals ORDER BY person_id"
RECOUNTED_TOTALS = """
    SELECT * FROM (SELECT * FROM person_totals_of(NULL)
                   UNION ALL SELECT * FROM person_totals_zero(NULL)) AS t
    ORDER BY person_id
"""
KEPT_SESSION_PERSONS = "SELECT * FROM session_person_totals ORDER BY session_id, person_id"
RECOUNTED_SESSION_PERSONS = "SELECT * FROM session_person_totals_of(NULL)"
KEPT_SESSIONS = "SELECT * FROM session_totals ORDER BY session_id"
# Counted from the interactions themselves, not from the kept (session, person) rows.
RECOUNTED_SESSIONS = """
    SELECT p.session_id, sum(p.interactions), count(*), count(*) FILTER (WHERE p.tips > 0),
           sum(p.tips), sum(round(p.tip_tokens)), sum(p.follows), sum(p.unfollows),
           sum(p.chat_messages), sum(p.private_messages)
    FROM session_person_totals_of(NULL) p
    GROUP BY p.session_id
    ORDER BY p.session_id
"""
# The kept counts are changes, summed per role and exclusion.
KEPT_COUNTS = """
    SELECT role, is_excluded, sum(persons) FROM person_counts
    GROUP BY role, is_excluded HAVING sum(persons) <> 0 ORDER BY 1, 2
"""
RECOUNTED_COUNTS = (
    "SELECT role, is_excluded, count(*) FROM persons GROUP BY role, is_excluded ORDER BY 1, 2"
)


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


def _rows(conn: psycopg.Connection, query: str) -> list[tuple[Any, ...]]:
    return conn.execute(query).fetchall()  # type: ignore[arg-type]


def _person(conn: psycopg.Connection, username: str, role: str = "VIEWER") -> int:
    row = conn.execute(
        "INSERT INTO persons (username, role) VALUES (%s, %s) RETURNING id", [username, role]
    ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def tipper(conn: psycopg.Connection) -> int:
    return _person(conn, "big_tipper_77")


@pytest.fixture
def fan(conn: psycopg.Connection) -> int:
    return _person(conn, "quiet_fox_12")


def _erase(conn: psycopg.Connection, person_id: int) -> None:
    """The person and their interactions deleted as an erasure deletes them: in one transaction
    that names itself one (`mhc.erasure`)."""
    with conn.transaction():
        conn.execute("SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true)")
        conn.execute("DELETE FROM interactions WHERE person_id = %s", [person_id])
        conn.execute("DELETE FROM persons WHERE id = %s", [person_id])


def _interactions(conn: psycopg.Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """One statement for all `rows`: (person id, type, source, metadata JSON)."""
    conn.execute(
        "INSERT INTO interactions (person_id, type, occurred_at, source, metadata)"
        " SELECT r.person_id, r.type, now() - r.n * interval '1 hour', r.source, r.metadata::jsonb"
        " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
        "      WITH ORDINALITY AS r (person_id, type, source, metadata, n)",
        [list(column) for column in zip(*rows, strict=True)],
    )


def test_person_totals_equal_a_recount_when_rows_arrive_in_several_statements(
    conn: psycopg.Connection, tipper: int, fan: int
) -> None:
    never_seen = _person(conn, "shy_owl_3")
    _interactions(
        conn,
        [
            (tipper, "TIP", "cb_events", '{"tokens": 25}'),
            (tipper, "TIP", "statbate_plus", '{"tokens": 10.5}'),
            (tipper, "TIP", "statbate", '{"tokens": 100}'),
            (tipper, "CHAT_MESSAGE", "cb_events", "{}"),
            (fan, "USER_ENTER", "cb_events", "{}"),
        ],
    )
    _interactions(
        conn,
        [
            (tipper, "TIP", "cb_events", '{"tokens": "not a number"}'),
            (tipper, "PRIVATE_MESSAGE", "paste", "{}"),
            (fan, "USER_ENTER", "cb_events", "{}"),
            (fan, "CHAT_MESSAGE", "statbate_plus", "{}"),
        ],
    )

    kept = _rows(conn, KEPT_TOTALS)

    assert kept == _rows(conn, RECOUNTED_TOTALS)
    by_person = {row[0]: row for row in kept}
    # interactions, tips, tip tokens, room messages, room visits, room tips, room tip tokens
    figures = (1, 3, 4, 5, 6, 8, 9)
    assert [by_person[tipper][i] for i in figures] == [6, 4, 135.5, 1, 0, 3, 35.5]
    assert [by_person[fan][i] for i in figures] == [3, 0, 0, 1, 2, 0, 0]
    assert [by_person[never_seen][i] for i in figures] == [0, 0, 0, 0, 0, 0, 0]


def test_person_totals_are_recounted_when_an_erasure_deletes_interactions(
    conn: psycopg.Connection, tipper: int, fan: int
) -> None:
    _interactions(
        conn,
        [
            (tipper, "TIP", "cb_events", '{"tokens": 25}'),
            (fan, "TIP", "cb_events", '{"tokens": 5}'),
        ],
    )

    _erase(conn, tipper)

    assert _rows(conn, KEPT_TOTALS) == _rows(conn, RECOUNTED_TOTALS)
    assert [row[0] for row in _rows(conn, KEPT_TOTALS)] == [fan]


def test_person_counts_equal_a_recount_when_persons_come_change_and_go(
    conn: psycopg.Connection,
) -> None:
    conn.execute(
        "INSERT INTO persons (username, role) VALUES"
        " ('big_tipper_77', 'VIEWER'), ('hudson_fan_1', 'VIEWER'), ('other_model', 'MODEL')"
    )
    assert _rows(conn, KEPT_COUNTS) == _rows(conn, RECOUNTED_COUNTS)

    conn.execute("UPDATE persons SET role = 'BOTH' WHERE username = 'hudson_fan_1'")
    conn.execute("UPDATE persons SET is_excluded = true WHERE username = 'other_model'")
    conn.execute("UPDATE persons SET last_seen_at = now()")
    assert _rows(conn, KEPT_COUNTS) == _rows(conn, RECOUNTED_COUNTS)

    conn.execute("DELETE FROM persons WHERE username IN ('big_tipper_77', 'other_model')")
    assert _rows(conn, KEPT_COUNTS) == _rows(conn, RECOUNTED_COUNTS) == [("BOTH", False, 1)]


def test_a_writer_never_waits_for_the_person_counts_of_another(
    conn: psycopg.Connection, database_url: str
) -> None:
    """A batch of the worker's that has created a newcomer and a capture that learns a regular's
    role each add to the counts of viewers; neither waits for the other. Had the second waited
    for the first, while the first went on to touch the regular the second holds, they would
    deadlock (as the watchlist snapshots once did beside ingestion)."""
    regular = _person(conn, "watched_regular", role="UNKNOWN")
    with psycopg.connect(database_url) as batch, psycopg.connect(database_url) as capture:
        for transaction in (batch, capture):
            transaction.execute("SET lock_timeout = '2s'")
        batch.execute("INSERT INTO persons (username, role) VALUES ('newcomer_1', 'VIEWER')")
        capture.execute("UPDATE persons SET role = 'VIEWER' WHERE id = %s", [regular])
        batch.execute("INSERT INTO persons (username, role) VALUES ('newcomer_2', 'VIEWER')")
        capture.commit()
        batch.execute("UPDATE persons SET last_seen_at = now() WHERE id = %s", [regular])
        batch.commit()
    assert _rows(conn, KEPT_COUNTS) == _rows(conn, RECOUNTED_COUNTS) == [("VIEWER", False, 3)]


def test_person_counts_stay_a_few_rows_and_skip_what_another_writer_holds(
    conn: psycopg.Connection, database_url: str
) -> None:
    """Each statement adds its changes as rows; one that finds many folds them into a row per
    role and exclusion, leaving the rows of transactions still open to fold later."""
    with psycopg.connect(database_url) as open_batch:
        open_batch.execute("SET lock_timeout = '2s'")
        open_batch.execute("INSERT INTO persons (username, role) VALUES ('still_open', 'MODEL')")
        for n in range(200):
            _person(conn, f"fan_{n}", role=("VIEWER", "BOTH")[n % 2])
            conn.execute("UPDATE persons SET is_excluded = true WHERE username = %s", [f"fan_{n}"])
        kept_rows = _rows(conn, "SELECT count(*) FROM person_counts")[0][0]
        assert kept_rows < 100
        # The open transaction's own statements fold what the others left.
        for n in range(100):
            open_batch.execute(
                "INSERT INTO persons (username, role) VALUES (%s, 'MODEL')", [f"model_{n}"]
            )
        open_batch.commit()
    assert _rows(conn, KEPT_COUNTS) == _rows(conn, RECOUNTED_COUNTS)
    assert _rows(conn, "SELECT count(*) FROM person_counts")[0][0] < 100


def _session(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status)"
        " VALUES ('hudson_cage', now() - interval '1 day', now(), 'ENDED') RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def session(conn: psycopg.Connection) -> int:
    return _session(conn)


def _session_interactions(
    conn: psycopg.Connection, rows: list[tuple[int, int | None, str, str]]
) -> None:
    """One statement for all `rows`: (person id, session id, type, metadata JSON)."""
    conn.execute(
        "INSERT INTO interactions (person_id, stream_session_id, type, occurred_at, source,"
        " metadata)"
        " SELECT r.person_id, r.session_id, r.type, now() - r.n * interval '1 minute',"
        "        'cb_events', r.metadata::jsonb"
        " FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[])"
        "      WITH ORDINALITY AS r (person_id, session_id, type, metadata, n)",
        [list(column) for column in zip(*rows, strict=True)],
    )


def _assert_session_totals_equal_a_recount(conn: psycopg.Connection) -> None:
    assert _rows(conn, KEPT_SESSION_PERSONS) == _rows(conn, RECOUNTED_SESSION_PERSONS)
    assert _rows(conn, KEPT_SESSIONS) == _rows(conn, RECOUNTED_SESSIONS)


def test_session_totals_equal_a_recount_when_rows_arrive_in_several_statements(
    conn: psycopg.Connection, tipper: int, fan: int
) -> None:
    first, second = _session(conn), _session(conn)
    _session_interactions(
        conn,
        [
            (tipper, first, "TIP", '{"tokens": 10.4}'),
            (tipper, first, "CHAT_MESSAGE", "{}"),
            (fan, first, "FOLLOW", "{}"),
            (fan, second, "USER_ENTER", "{}"),
            (fan, None, "TIP", '{"tokens": 99}'),
        ],
    )
    # The tipper's tokens round differently once more arrive (10.4 + 0.2 rounds to 11), the
    # fan tips for the first time, a malformed tip counts as a tip without tokens.
    _session_interactions(
        conn,
        [
            (tipper, first, "TIP", '{"tokens": 0.2}'),
            (fan, first, "TIP", '{"tokens": "not a number"}'),
            (fan, first, "UNFOLLOW", "{}"),
            (fan, second, "PRIVATE_MESSAGE", "{}"),
        ],
    )
    _session_interactions(conn, [(tipper, second, "TIP", '{"tokens": 5}')])

    _assert_session_totals_equal_a_recount(conn)
    by_session = {row[0]: row[1:] for row in _rows(conn, KEPT_SESSIONS)}
    # interactions, visitors, tippers, tips, tokens, follows, unfollows, chats, private messages
    assert by_session[first] == (6, 2, 2, 3, 11, 1, 1, 1, 0)
    assert by_session[second] == (3, 2, 1, 1, 5, 0, 0, 0, 1)


def test_session_totals_are_recounted_when_an_erasure_deletes_interactions(
    conn: psycopg.Connection, tipper: int, fan: int, session: int
) -> None:
    _session_interactions(
        conn,
        [
            (tipper, session, "TIP", '{"tokens": 25}'),
            (fan, session, "TIP", '{"tokens": 5}'),
            (fan, session, "CHAT_MESSAGE", "{}"),
        ],
    )

    _erase(conn, tipper)

    _assert_session_totals_equal_a_recount(conn)
    assert _rows(conn, KEPT_SESSIONS) == [(session, 2, 1, 1, 1, 5, 0, 0, 1, 0)]


KEPT_HOURS = "SELECT * FROM person_activity_hours ORDER BY 1, 2, 3, 4, 5"
RECOUNTED_HOURS = "SELECT * FROM person_activity_hours_of(NULL)"
# Each fold of the hourly groups as kept, and folded again from the groups.
KEPT_AND_REFOLDED = (
    (
        "SELECT * FROM person_activity_by_hour ORDER BY 1, 2",
        "SELECT * FROM person_activity_by_hour_of(NULL)",
    ),
    (
        "SELECT * FROM person_activity_by_session ORDER BY 1, 2",
        "SELECT * FROM person_activity_by_session_of(NULL)",
    ),
    (
        "SELECT * FROM person_activity_by_kind ORDER BY 1, 2, 3",
        "SELECT * FROM person_activity_by_kind_of(NULL)",
    ),
)


def _assert_activity_equals_a_recount(conn: psycopg.Connection) -> None:
    """The kept groups equal a count of the interactions, and their kept folds a fold of them."""
    assert _rows(conn, KEPT_HOURS) == _rows(conn, RECOUNTED_HOURS)
    for kept, refolded in KEPT_AND_REFOLDED:
        assert _rows(conn, kept) == _rows(conn, refolded), kept


def test_activity_hours_equal_a_recount_after_several_statements_and_an_erasure(
    conn: psycopg.Connection, tipper: int, fan: int, session: int
) -> None:
    _session_interactions(
        conn,
        [
            (tipper, session, "TIP", '{"tokens": 25}'),
            (tipper, None, "CHAT_MESSAGE", "{}"),
            (fan, session, "CHAT_MESSAGE", "{}"),
        ],
    )
    _session_interactions(
        conn,
        [(tipper, session, "TIP", '{"tokens": 5}'), (fan, session, "CHAT_MESSAGE", "{}")],
    )
    _interactions(conn, [(fan, "USER_ENTER", "cb_events", "{}")])
    _assert_activity_equals_a_recount(conn)
    # Both statements' tips in the session's group(s) of their hour; the chat without a session
    # in a group of session 0.
    groups = [(row[2], row[3], row[5]) for row in _rows(conn, KEPT_HOURS) if row[0] == tipper]
    assert sum(n for sid, kind, n in groups if (sid, kind) == (session, "TIP")) == 2
    assert [n for sid, kind, n in groups if kind == "CHAT_MESSAGE"] == [1]
    assert {sid for sid, kind, n in groups if kind == "CHAT_MESSAGE"} == {0}

    by_session = _rows(conn, "SELECT * FROM person_activity_by_session ORDER BY 1, 2")
    # (person, session, chats, tips, newest id): the chat without a session is in no session.
    assert [row[:4] for row in by_session] == [(tipper, session, 0, 2), (fan, session, 2, 0)]

    _erase(conn, tipper)

    _assert_activity_equals_a_recount(conn)
    assert {row[0] for row in _rows(conn, KEPT_HOURS)} == {fan}
    for kept, _ in KEPT_AND_REFOLDED:
        assert {row[0] for row in _rows(conn, kept)} == {fan}, kept


def test_activity_folds_keep_exactly_the_types_the_analysis_counts_as_activity(
    conn: psycopg.Connection, fan: int
) -> None:
    _interactions(conn, [(fan, str(kind), "cb_events", "{}") for kind in InteractionType])

    kept = {row[0] for row in _rows(conn, "SELECT type FROM person_activity_by_kind")}
    hours = _rows(conn, "SELECT sum(n) FROM person_activity_by_hour")

    assert kept == {str(kind) for kind in ACTIVITY_TYPES}
    assert hours == [(len(ACTIVITY_TYPES),)]


KEPT_TIPS = "SELECT * FROM person_tips ORDER BY 1, 2, 3"
RECOUNTED_TIPS = "SELECT * FROM person_tips_of(NULL)"


def test_kept_tips_equal_the_tips_of_the_interactions_after_several_statements_and_an_erasure(
    conn: psycopg.Connection, tipper: int, fan: int, session: int
) -> None:
    _session_interactions(
        conn,
        [
            (tipper, session, "TIP", '{"tokens": 25}'),
            (tipper, session, "TIP", '{"tokens": "lots"}'),
            (tipper, None, "CHAT_MESSAGE", '{"tokens": 7}'),
            (fan, session, "TIP", '{"tokens": 2.5}'),
        ],
    )
    _interactions(conn, [(fan, "TIP", "statbate_plus", '{"tokens": 100}')])

    assert _rows(conn, KEPT_TIPS) == _rows(conn, RECOUNTED_TIPS)
    # Only tips whose tokens are a number, exactly as sent.
    assert sorted((row[0], row[4]) for row in _rows(conn, KEPT_TIPS)) == [
        (tipper, 25),
        (fan, Decimal("2.5")),
        (fan, 100),
    ]

    _erase(conn, tipper)

    assert _rows(conn, KEPT_TIPS) == _rows(conn, RECOUNTED_TIPS)
    assert {row[0] for row in _rows(conn, KEPT_TIPS)} == {fan}
