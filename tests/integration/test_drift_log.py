"""The contract drift log on PostgreSQL and its route: one row per difference, counted, with
the first example, listed most recently seen first."""

from __future__ import annotations

from typing import Any

import anyio
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import Api

from mhc.adapters.postgres.drift import PostgresDriftLog
from mhc.domain.contracts.findings import DriftKind, DriftObservation

EVENTS_ENDPOINT = "GET /events/{username}/{token}/"


def seen(
    subject: str,
    *,
    count: int = 1,
    kind: DriftKind = DriftKind.UNKNOWN_FIELD,
    example: Any = None,
    service: str = "cb_events",
) -> DriftObservation:
    return DriftObservation(
        service=service,
        endpoint=EVENTS_ENDPOINT,
        kind=kind,
        subject=subject,
        detail="not in the contract (came as integer)",
        count=count,
        example=example,
    )


async def test_counts_add_up_and_the_first_example_stays_when_a_difference_comes_again(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresDriftLog(pool)
    await log.record([seen("$.events[].object.user.age", count=3, example={"age": 31})])
    first = (await log.entries()).items[0]
    await anyio.sleep(0.01)

    await log.record([seen("$.events[].object.user.age", count=2, example={"age": 40})])

    page = await log.entries()
    assert page.total == 1
    entry = page.items[0]
    assert (entry.kind, entry.subject, entry.count) == (
        DriftKind.UNKNOWN_FIELD,
        "$.events[].object.user.age",
        5,
    )
    assert entry.example == {"age": 31}
    assert entry.first_seen_at == first.first_seen_at
    assert entry.last_seen_at > first.last_seen_at


async def test_repeats_in_one_write_are_merged_when_a_caller_sends_the_same_key_twice(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresDriftLog(pool)

    await log.record([seen("$.serverTime", example={"n": 1}), seen("$.serverTime", count=4)])

    [entry] = (await log.entries()).items
    assert (entry.count, entry.example) == (5, {"n": 1})


async def test_entries_are_paged_most_recently_seen_first_when_many_were_recorded(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresDriftLog(pool)
    for subject in ("$.a", "$.b", "$.c"):
        await log.record([seen(subject)])
        await anyio.sleep(0.01)
    await log.record([seen("$.a")])

    first = await log.entries(limit=2)
    rest = await log.entries(limit=2, offset=2)

    assert [e.subject for e in first.items] == ["$.a", "$.c"]
    assert [e.subject for e in rest.items] == ["$.b"]
    assert (first.total, first.limit, rest.offset) == (3, 2, 2)


async def test_odd_text_is_stored_when_an_example_holds_what_postgresql_refuses(
    pool: AsyncConnectionPool,
) -> None:
    log = PostgresDriftLog(pool)

    await log.record([seen("$.message\x00", example={"text": "nul\x00 and \ud800 lone"})])

    [entry] = (await log.entries()).items
    assert entry.subject == "$.message\ufffd"
    assert entry.example == {"text": "nul\ufffd and ? lone"}


async def test_the_route_lists_drift_in_camel_case_when_some_was_recorded(api: Api) -> None:
    log = api.container.drift_log()
    api.call(
        log.record,
        [
            seen("tipGoalReached", kind=DriftKind.UNKNOWN_METHOD, example={"method": "x"}),
            seen("$.data.did", kind=DriftKind.TYPE_CHANGED, service="statbate"),
        ],
    )

    answer = await api.get("/api/drift", params={"limit": 1})

    assert answer.status_code == 200
    body = answer.json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 1, 0)
    [item] = body["items"]
    assert set(item) == {
        "id",
        "service",
        "endpoint",
        "kind",
        "subject",
        "detail",
        "count",
        "firstSeenAt",
        "lastSeenAt",
        "example",
    }
    assert item["endpoint"] == EVENTS_ENDPOINT


async def test_the_route_answers_an_empty_page_when_nothing_drifted(api: Api) -> None:
    answer = await api.get("/api/drift")

    assert answer.json() == {"total": 0, "limit": 50, "offset": 0, "items": []}


async def test_the_route_refuses_a_page_size_out_of_bounds_with_a_problem(api: Api) -> None:
    answer = await api.get("/api/drift", params={"limit": 501})

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_the_route_needs_credentials_when_asked_without_them(api: Api) -> None:
    answer = await api.client.get("/api/drift")

    assert answer.status_code == 401
