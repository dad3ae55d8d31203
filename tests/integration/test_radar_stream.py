"""The radar's event stream end to end: the app under uvicorn on loopback, a browser-like client
reading server-sent events with the owner's session cookie, and the worker's ingestion path
storing Events API batches on another connection of the same database."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx
import msgspec
import pytest
import uvicorn
from litestar import Litestar
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import OWNER_PASSWORD, build_test_app
from tests.timing import wait_until

from mhc.adapters.http.auth import CSRF_HEADER
from mhc.adapters.http.streams import StreamSlots
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.lookups import PostgresLookupQueue
from mhc.domain.exclusion import ExclusionPolicy
from mhc.ports.ingestion import EventsCursor, FeedPage
from mhc.services.ingestion import ingest_page

OWNER = "hudson_cage"
START = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)
# Long enough for a loaded test machine, short enough that a stream that is not live fails.
READ_TIMEOUT = 10.0


@pytest.fixture
def served(database_url: str) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread of its own."""
    with serving(build_test_app(database_url)[0]) as url:
        yield url


@contextmanager
def serving(app: Litestar) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_config=None,
            lifespan="on",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, name="radar-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
async def browser(served: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client logged in with the session cookie, as the SPA is (no API key, no CSRF header)."""
    async with httpx.AsyncClient(base_url=served, timeout=READ_TIMEOUT) as client:
        login = await client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        assert login.status_code == 200, login.text
        yield client


class Worker:
    """Stores raw Events API events the way `mhc worker` does: one transaction per batch."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._store = PostgresIngestionStore(pool)
        self._cursor: EventsCursor | None = None
        self._sequence = 0

    async def store(self, *events: tuple[str, str, dict[str, Any]]) -> None:
        """Each event is (method, username, extra object fields)."""
        raw = []
        for method, username, extra in events:
            self._sequence += 1
            moment = START + timedelta(seconds=self._sequence)
            raw.append(
                {
                    "id": f"{int(moment.timestamp() * 1000)}-{self._sequence}",
                    "method": method,
                    "object": {"user": {"username": username}, **extra},
                }
            )
        cursor = EventsCursor(last_event_id=f"cursor-{self._sequence}")
        await ingest_page(
            self._store,
            FeedPage(events=raw, next_cursor=cursor, received_at=START),
            broadcaster=OWNER,
            exclusion=ExclusionPolicy(["smk_lover"]),
            expected_cursor=self._cursor,
        )
        self._cursor = cursor


def enter(username: str) -> tuple[str, str, dict[str, Any]]:
    return ("userEnter", username, {})


def tip(username: str, tokens: int) -> tuple[str, str, dict[str, Any]]:
    return ("tip", username, {"tip": {"tokens": tokens, "isAnon": False, "message": "hi"}})


def chat(username: str, text: str) -> tuple[str, str, dict[str, Any]]:
    return ("chatMessage", username, {"message": {"message": text}})


@pytest.fixture
def worker(pool: AsyncConnectionPool) -> Worker:
    return Worker(pool)


class EventSource:
    """Reads server-sent events from a streaming response, one message at a time."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def message(self) -> dict[str, str]:
        """The next message's fields (`comment` for a comment-only message)."""
        fields: dict[str, str] = {}
        with anyio.fail_after(READ_TIMEOUT):
            async for line in self._lines:
                if not line:
                    if fields:
                        return fields
                    continue
                if line.startswith(":"):
                    fields["comment"] = line[1:].strip()
                    continue
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
        raise AssertionError(f"the stream ended; fields so far: {fields}")

    async def event(self) -> dict[str, Any]:
        """The next `interaction` message's data, skipping comments."""
        while True:
            fields = await self.message()
            if "data" in fields:
                assert fields["event"] == "interaction"
                data: dict[str, Any] = msgspec.json.decode(fields["data"])
                assert fields["id"] == str(data["id"])
                return data


class Stream:
    """`async with Stream(client, ...) as source`: an open /api/radar/stream."""

    def __init__(self, client: httpx.AsyncClient, **kwargs: Any) -> None:
        self._request = client.stream("GET", "/api/radar/stream", **kwargs)

    async def __aenter__(self) -> EventSource:
        response = await self._request.__aenter__()
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        return EventSource(response)

    async def __aexit__(self, *exc: object) -> None:
        await self._request.__aexit__(*exc)


async def test_stream_delivers_a_stored_batch_within_a_second_when_the_worker_commits_it(
    browser: httpx.AsyncClient, worker: Worker
) -> None:
    await worker.store(chat("night_owl_3", "first!"))

    async with Stream(browser, params={"after": 0}) as source:
        caught_up = await source.event()
        assert (caught_up["type"], caught_up["content"]) == ("CHAT_MESSAGE", "first!")
        stored_at = time.monotonic()
        await worker.store(enter("big_tipper_77"), tip("big_tipper_77", 500))
        entered = await source.event()
        tipped = await source.event()
        delay = time.monotonic() - stored_at

    assert delay < 1.0, f"the batch took {delay:.2f} s to arrive"
    assert (entered["type"], entered["username"]) == ("USER_ENTER", "big_tipper_77")
    assert entered["card"]["roomTipsTotal"] == 500
    assert (tipped["type"], tipped["tokens"], tipped["card"]) == ("TIP", 500, None)
    assert tipped["id"] > entered["id"] > caught_up["id"]


async def test_stream_catches_up_after_the_last_event_id_when_a_browser_reconnects(
    browser: httpx.AsyncClient, worker: Worker
) -> None:
    await worker.store(
        chat("night_owl_3", "one"), chat("night_owl_3", "two"), chat("night_owl_3", "three")
    )
    async with Stream(browser, params={"after": 0}) as source:
        first = await source.event()

    # EventSource resends the URL it was opened with, plus the id it saw last: the header wins.
    headers = {"Last-Event-ID": str(first["id"])}
    async with Stream(browser, params={"after": 0}, headers=headers) as source:
        missed = [await source.event(), await source.event()]

    assert [e["content"] for e in missed] == ["two", "three"]


async def test_stream_never_shows_an_excluded_person_when_they_are_in_the_room(
    browser: httpx.AsyncClient, worker: Worker
) -> None:
    await worker.store(enter("smk_lover"), chat("smk_lover", "hello"), enter("night_owl_3"))
    async with Stream(browser, params={"after": 0}) as source:
        caught_up = await source.event()
        await worker.store(tip("smk_lover", 9_999), tip("shy_viewer_8", 10))
        live = await source.event()

    assert caught_up["username"] == "night_owl_3"
    assert (live["username"], live["tokens"]) == ("shy_viewer_8", 10)
    assert live["card"]["username"] == "shy_viewer_8"


async def test_stream_resumes_without_losing_events_when_its_database_connection_is_cut(
    browser: httpx.AsyncClient, worker: Worker, pool: AsyncConnectionPool
) -> None:
    await worker.store(chat("night_owl_3", "before"))
    async with Stream(browser, params={"after": 0}) as source:
        await source.event()
        async with pool.connection() as conn:
            cut = await conn.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query ILIKE 'LISTEN%'"
            )
            assert [row[0] for row in await cut.fetchall()] == [True]
        # Stored while the stream has no connection: the catch-up after reconnecting finds it.
        await worker.store(chat("night_owl_3", "during"))
        reconnecting = await source.message()
        resumed = await source.event()
        await worker.store(chat("night_owl_3", "after"))
        live = await source.event()

    assert reconnecting == {"comment": "reconnecting"}
    assert [resumed["content"], live["content"]] == ["during", "after"]


async def listening_connections(pool: AsyncConnectionPool) -> int:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND query ILIKE 'LISTEN%'"
        )
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_stream_closes_its_database_connection_when_the_browser_goes_away(
    browser: httpx.AsyncClient, worker: Worker, pool: AsyncConnectionPool
) -> None:
    await worker.store(chat("night_owl_3", "hello"))
    async with Stream(browser, params={"after": 0}) as source:
        await source.event()
        assert await listening_connections(pool) == 1

    # The browser's going is noticed by the server a moment later: look for a while.
    async def closed() -> bool:
        return await listening_connections(pool) == 0

    await wait_until(closed, what="the stream's connection to close")
    assert await listening_connections(pool) == 0


async def test_stream_answers_401_when_the_browser_is_not_logged_in(served: str) -> None:
    async with httpx.AsyncClient(base_url=served) as anonymous:
        answer = await anonymous.get("/api/radar/stream")

    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")


async def ended(source: EventSource) -> bool:
    """Whether the stream ends (the server closes it) within READ_TIMEOUT."""
    try:
        while True:
            await source.message()
    except TimeoutError:
        return False
    except AssertionError:
        # EventSource.message: "the stream ended".
        return True


async def test_logging_out_closes_open_streams_when_the_session_ends(
    browser: httpx.AsyncClient, served: str, worker: Worker
) -> None:
    await worker.store(chat("night_owl_3", "hello"))
    me = (await browser.get("/api/auth/me")).json()
    async with Stream(browser, params={"after": 0}) as source:
        await source.event()
        async with httpx.AsyncClient(base_url=served, cookies=browser.cookies) as other_tab:
            out = await other_tab.post("/api/auth/logout", headers={CSRF_HEADER: me["csrfToken"]})
        assert out.status_code == 204

        assert await ended(source)
    again = await browser.get("/api/radar/stream")
    assert again.status_code == 401


async def test_streams_share_one_listening_connection_when_several_are_open(
    browser: httpx.AsyncClient, worker: Worker, pool: AsyncConnectionPool
) -> None:
    await worker.store(chat("night_owl_3", "hello"))
    async with (
        Stream(browser, params={"after": 0}) as first,
        Stream(browser, params={"after": 0}) as second,
        Stream(browser, params={"after": 0}) as third,
    ):
        for source in (first, second, third):
            await source.event()
        assert await listening_connections(pool) == 1
        await worker.store(chat("night_owl_3", "to all"))
        seen = [(await source.event())["content"] for source in (first, second, third)]

    assert seen == ["to all"] * 3


async def test_streams_beyond_the_limit_answer_429_when_too_many_are_open(
    database_url: str, worker: Worker
) -> None:
    app, _, _ = build_test_app(database_url, radar_streams=StreamSlots(limit=2))
    await worker.store(chat("night_owl_3", "hello"))
    with serving(app) as url:
        async with httpx.AsyncClient(base_url=url, timeout=READ_TIMEOUT) as client:
            await client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
            async with (
                Stream(client, params={"after": 0}) as first,
                Stream(client, params={"after": 0}) as second,
            ):
                await first.event()
                await second.event()
                refused = await client.get("/api/radar/stream")

    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "retry-after" in refused.headers


async def test_a_card_comes_again_with_the_look_ups_state_when_it_changes(
    browser: httpx.AsyncClient, worker: Worker, pool: AsyncConnectionPool
) -> None:
    queue = PostgresLookupQueue(pool)
    await worker.store(chat("night_owl_3", "before"))
    async with Stream(browser, params={"after": 0}) as source:
        await source.event()
        await worker.store(enter("big_tipper_77"))
        entered = await source.event()
        person_id = entered["personId"]
        queued = await queue.enqueue({person_id}, owner=OWNER, freshness=timedelta(hours=24))
        await queue.announce(queued)
        while "data" not in (fields := await source.message()):
            pass

    assert entered["card"]["lookup"] is None
    assert fields["event"] == "card"
    assert "id" not in fields
    update = msgspec.json.decode(fields["data"])
    assert update["personId"] == person_id
    assert update["card"]["username"] == "big_tipper_77"
    assert update["card"]["lookup"]["state"] == "queued"
