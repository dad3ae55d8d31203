"""The radar's feed on a real PostgreSQL: open streams that ask the same question at once share
one read, a read never answers a stream woken by a commit it started before, a look at the room
reads only the arrivals since the last one yet leaves out whoever is excluded now, and the reads
of events and cards are planned once per connection."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.pool import build_pool
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


async def _present(feed: PostgresLiveFeed) -> list[int]:
    """The ids of the events that put each person in the room, at a look now."""
    look = await feed.room_state("hudson_cage", now=datetime.now(UTC), recent=0)
    return [e.id for e in look.presence_events]


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


async def test_looks_at_the_room_at_once_share_one_read(database_url: str) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        first = await _insert_chat(pool, "big_tipper_77", "hello room")
        feed = PostgresLiveFeed(pool, database_url)
        now = datetime.now(UTC)
        looks = await asyncio.gather(
            *(feed.room_state("hudson_cage", now=now, recent=50) for _ in range(10))
        )
        assert feed.reads == 1
        assert all(look == looks[0] for look in looks)
        assert looks[0].newest_id == first
        assert [e.id for e in looks[0].presence_events] == [first]


async def test_a_look_at_the_room_reads_only_the_arrivals_it_does_not_keep(
    database_url: str,
) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        feed = PostgresLiveFeed(pool, database_url)
        arrivals_read: list[str] = []
        fetch = feed._fetch

        async def recording(conn: Any, name: str, params: Mapping[str, Any]) -> Any:
            if name == "presence_arrivals":
                arrivals_read.append(params["ids"])
            return await fetch(conn, name, params)

        feed._fetch = recording  # type: ignore[method-assign]
        first = await _insert_chat(pool, "big_tipper_77", "hello room")
        second = await _insert_chat(pool, "quiet_lurker", "hi all")
        assert await _present(feed) == [first, second]
        assert await _present(feed) == [first, second]
        third = await _insert_chat(pool, "night_owl", "evening")
        assert await _present(feed) == [first, second, third]
    assert arrivals_read == [f"{{{first},{second}}}", f"{{{third}}}"]


async def test_who_is_left_out_of_the_room_is_decided_at_every_look(database_url: str) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        feed = PostgresLiveFeed(pool, database_url)

        async def exclude(event_id: int, excluded: bool) -> None:
            async with pool.connection() as conn:
                await conn.execute(
                    "UPDATE persons SET is_excluded = %s "
                    "WHERE id = (SELECT person_id FROM interactions WHERE id = %s)",
                    (excluded, event_id),
                )

        smk = await _insert_chat(pool, "smk_lover", "hi")
        regular = await _insert_chat(pool, "regular", "hi")
        assert await _present(feed) == [smk, regular]
        # Excluded while in the room (their arrival is kept from the look before): out at once.
        await exclude(smk, True)
        newcomer = await _insert_chat(pool, "newcomer", "hello")
        await _insert_chat(pool, "hudson_cage", "welcome in")
        assert await _present(feed) == [regular, newcomer]
        await exclude(smk, False)
        assert await _present(feed) == [smk, regular, newcomer]


async def test_the_reads_of_events_and_cards_are_planned_once_on_their_connection(
    database_url: str,
) -> None:
    generic_plans_pool = build_pool(database_url, min_size=1, max_size=1, generic_plans=True)
    async with (
        AsyncConnectionPool(database_url, open=False) as pool,
        generic_plans_pool,
    ):
        ids = [await _insert_chat(pool, f"viewer_{n}", "hello room") for n in range(3)]
        feed = PostgresLiveFeed(pool, database_url, generic_plans_pool=generic_plans_pool)
        # psycopg prepares a statement on its sixth run on a connection; from then on each
        # run either plans it again for its parameters or uses its plan for any.
        for after in [0, *ids, 0, *ids]:
            page = await feed.following(after=after, limit=10)
            assert [e.id for e in page] == [i for i in ids if i > after]
            await feed.card_facts({e.person_id for e in page})
        async with generic_plans_pool.connection() as conn:
            cur = await conn.execute(
                "SELECT generic_plans > 0, custom_plans FROM pg_prepared_statements"
            )
            plans = await cur.fetchall()

    # Both reads prepared (the page of events and the cards), neither planned for its values.
    assert plans == [(True, 0), (True, 0)]
