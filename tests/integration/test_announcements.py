"""What the panel announces to the worker, heard through PostgreSQL's LISTEN: a queued backfill
and a connection's changed value ring their own bell at once, notes of how a value fared ring
none, and a bell keeps working (or waits its whole time) through a lost connection."""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.announcements import PostgresAnnouncements
from mhc.ports.announcements import Bell, Topic

# Far longer than an announcement takes to arrive: a wait that lasts this long heard nothing.
LONG = 30.0
QUIET = 0.3


@pytest.fixture
def announcements(database_url: str) -> PostgresAnnouncements:
    return PostgresAnnouncements(database_url)


async def run(pool: AsyncConnectionPool, statement: str) -> None:
    async with pool.connection() as conn:
        await conn.execute(statement)


async def rung_within(bell: Bell, seconds: float) -> tuple[bool, float]:
    started = time.monotonic()
    rung = await bell.wait(seconds)
    return rung, time.monotonic() - started


async def rings(pool: AsyncConnectionPool, bell: Bell, steps: list[tuple[str, bool]]) -> list[bool]:
    """Whether each statement of `steps` rang the bell: after each, the bell is given as long as
    a ring takes when the step expects one, a moment when it does not."""
    rang = []
    for statement, expected in steps:
        await run(pool, statement)
        rang.append(await bell.wait(LONG if expected else QUIET))
    return rang


QUEUE_BACKFILL = "INSERT INTO backfills (kind, label, origin) VALUES ('tip_history', 'tips', 'ui')"
SET_TOKEN = (
    "INSERT INTO connections (name, secret, secret_set_at) "
    "VALUES ('cb_events', decode(repeat('ab', 40), 'hex'), now()) "
    "ON CONFLICT (name) DO UPDATE SET secret = EXCLUDED.secret, secret_set_at = now()"
)
NOTE_HEALTH = (
    "INSERT INTO connections AS c (name, health_fingerprint, health_outcome, health_checked_at) "
    "VALUES ('cb_events', 'f', 'working', now()) "
    "ON CONFLICT (name) DO UPDATE SET health_outcome = 'failing', health_checked_at = now()"
)


async def test_a_queued_backfill_rings_the_backfill_bell_at_once_and_not_the_connection_bell(
    announcements: PostgresAnnouncements, pool: AsyncConnectionPool
) -> None:
    async with (
        announcements.listen(Topic.BACKFILL_QUEUED) as queued,
        announcements.listen(Topic.CONNECTION_CHANGED) as changed,
    ):
        await run(pool, QUEUE_BACKFILL)
        rung, took = await rung_within(queued, LONG)
        assert rung
        assert took < LONG / 2
        assert await changed.wait(QUIET) is False
        # Announced once, heard once.
        assert await queued.wait(QUIET) is False


# Whether each statement rings, in order, once a first one (before listening) set the scene.
BACKFILL_STEPS = [
    ("UPDATE backfills SET status = 'running', started_at = now()", False),
    ("UPDATE backfills SET status = 'queued', started_at = NULL", True),
    ("UPDATE backfills SET status = 'cancelled'", False),
]
CONNECTION_STEPS = [
    (NOTE_HEALTH, False),
    (SET_TOKEN, True),
    (NOTE_HEALTH, False),
    ("UPDATE connections SET secret = NULL, secret_set_at = NULL", True),
    ("DELETE FROM connections", False),
]


@pytest.mark.parametrize(
    ("topic", "scene", "steps"),
    [
        (Topic.BACKFILL_QUEUED, QUEUE_BACKFILL, BACKFILL_STEPS),
        (Topic.CONNECTION_CHANGED, "SELECT 1", CONNECTION_STEPS),
    ],
    ids=[
        "a backfill queued again rings, one running or ended does not",
        "a value set or removed rings, a health note does not",
    ],
)
async def test_only_the_changes_a_topic_announces_ring_its_bell(
    announcements: PostgresAnnouncements,
    pool: AsyncConnectionPool,
    topic: Topic,
    scene: str,
    steps: list[tuple[str, bool]],
) -> None:
    await run(pool, scene)
    async with announcements.listen(topic) as bell:
        assert await rings(pool, bell, steps) == [expected for _, expected in steps]


async def test_an_announcement_made_while_the_listener_was_busy_ends_its_next_wait_at_once(
    announcements: PostgresAnnouncements, pool: AsyncConnectionPool
) -> None:
    async with announcements.listen(Topic.BACKFILL_QUEUED) as queued:
        await run(pool, QUEUE_BACKFILL)
        await anyio.sleep(QUIET)
        rung, took = await rung_within(queued, LONG)
    assert rung
    assert took < QUIET


async def test_a_bell_whose_connection_was_cut_rings_once_then_hears_the_next_announcement(
    announcements: PostgresAnnouncements, pool: AsyncConnectionPool
) -> None:
    async with announcements.listen(Topic.BACKFILL_QUEUED) as queued:
        await run(
            pool,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
        # Something may have been announced while nobody listened: the caller is told to look.
        assert (await rung_within(queued, LONG))[0]
        assert (await rung_within(queued, LONG))[0]
        await run(pool, QUEUE_BACKFILL)
        assert (await rung_within(queued, LONG))[0]


@pytest.fixture
def unreachable(database_url: str) -> PostgresAnnouncements:
    return PostgresAnnouncements(urlunsplit(urlsplit(database_url)._replace(path="/nowhere")))


async def test_a_bell_waits_its_whole_time_and_never_fails_while_the_database_is_unreachable(
    unreachable: PostgresAnnouncements,
) -> None:
    async with unreachable.listen(Topic.CONNECTION_CHANGED) as changed:
        rung, took = await rung_within(changed, QUIET)
    assert rung is False
    assert took >= QUIET * 0.9
