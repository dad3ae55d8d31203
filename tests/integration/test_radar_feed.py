"""The radar's feed on a real PostgreSQL: open streams that ask the same question at once share
one read, a read never answers a stream woken by a commit it started before, and a full room's
cards, read in parts side by side, are the cards read one by one."""

from __future__ import annotations

import asyncio

import pytest
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres import radar
from mhc.adapters.postgres.radar import PostgresLiveFeed


async def _insert_chat(pool: AsyncConnectionPool, username: str, content: str) -> int:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "WITH p AS (INSERT INTO persons (username, role) VALUES (%(name)s, 'VIEWER') "
            "RETURNING id) "
            "INSERT INTO interactions (person_id, type, content, occurred_at, source) "
            "SELECT p.id, 'CHAT_MESSAGE', %(content)s, now(), 'cb_events' FROM p RETURNING id",
            {"name": username, "content": content},
        )
        row = await cur.fetchone()
        assert row is not None
        return int(row[0])


async def test_streams_share_one_read_of_a_page_when_they_ask_at_once(database_url: str) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        first = await _insert_chat(pool, "big_tipper_77", "hello room")
        feed = PostgresLiveFeed(pool, database_url)
        pages = await asyncio.gather(*(feed.following(after=0, limit=10) for _ in range(20)))
        assert feed.reads == 1
        assert all([e.id for e in page] == [first] for page in pages)
        cards = await asyncio.gather(*(feed.card_facts({pages[0][0].person_id}) for _ in range(5)))
        assert feed.reads == 2
        assert all(set(c) == {pages[0][0].person_id} for c in cards)


async def test_a_stream_woken_by_a_commit_reads_it_when_an_older_read_is_running(
    database_url: str,
) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        first = await _insert_chat(pool, "big_tipper_77", "hello room")
        feed = PostgresLiveFeed(pool, database_url)
        async with feed.listen() as subscription:
            older = asyncio.ensure_future(feed.following(after=0, limit=10))
            second = await _insert_chat(pool, "quiet_lurker", "hi all")
            assert await subscription.wait(10.0)
            woken = await feed.following(after=0, limit=10)
            assert [e.id for e in woken] == [first, second]
            await older
        assert feed.reads == 2


async def test_a_room_of_more_people_than_one_read_takes_gets_every_card_as_read_alone(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(radar, "CARDS_PER_READ", 2)
    async with AsyncConnectionPool(database_url, open=False) as pool:
        names = ["big_tipper_77", "quiet_lurker", "fox_in_socks", "night_owl", "late_regular"]
        for name in names:
            await _insert_chat(pool, name, f"hello from {name}")
        feed = PostgresLiveFeed(pool, database_url)
        people = {e.person_id for e in await feed.following(after=0, limit=10)}
        together = await feed.card_facts(people)
        alone = {pid: (await feed.card_facts({pid}))[pid] for pid in people}
        assert sorted(card.username for card in together.values()) == sorted(names)
        assert together == alone
