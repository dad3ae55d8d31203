"""StatbateClient against the simulator over loopback HTTP: decoding, and every error class."""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from tests.fakes import FakeFailureLog
from tests.timing import FakeTime

from mhc.adapters.resilience import TokenBucket
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited
from mhc.domain.retry import RetryPolicy
from mhc.ports.gateways import TimeRange
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.cast import Viewer

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
SITE = "chaturbate"
POLICY = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=30.0, max_retry_after=60.0)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=7, start_time=START)) as simulator:
        simulator.emit(300)
        yield simulator


def make_client(
    sim: Simulator,
    http: httpx.AsyncClient,
    failures: FakeFailureLog,
    fake_time: FakeTime,
    *,
    token: str | None = None,
) -> StatbateClient:
    return StatbateClient(
        http,
        token=token or sim.config.statbate_token,
        base_url=sim.statbate_api_base_url,
        failure_log=failures,
        policy=POLICY,
        limiter=TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep),
        batch_limiter=TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep),
        sleep=fake_time.sleep,
        rng=random.Random(3),
    )


@pytest.fixture
def client(
    sim: Simulator, http: httpx.AsyncClient, failures: FakeFailureLog, fake_time: FakeTime
) -> StatbateClient:
    return make_client(sim, http, failures, fake_time)


def big_tipper(sim: Simulator) -> Viewer:
    return sim.world.with_habit("big_tipper")[0]


def unknown_lurker(sim: Simulator) -> Viewer:
    return next(v for v in sim.world.viewers.values() if not v.known_to_statbate)


async def test_member_info_decodes_every_field_when_the_member_is_known(
    sim: Simulator, client: StatbateClient
) -> None:
    tipper = big_tipper(sim)
    fetched = await client.get_member_info(SITE, tipper.username)
    assert fetched is not None
    info = fetched.data
    assert info.name == tipper.username
    assert info.did == tipper.did
    assert info.all_time_tokens == sum(tip.tokens for tip in tipper.tips)
    assert info.last_tip_amount == tipper.tips[-1].tokens
    assert info.first_tip_date is not None
    assert info.models_tipped_2weeks == len(info.models_tipped_2weeks_list)
    assert sum(day.tokens or 0 for day in info.per_day_tokens) == info.all_time_tokens
    # The exact body is kept for the snapshot.
    assert fetched.raw["data"]["all_time_tokens"] == info.all_time_tokens
    assert fetched.raw["meta"] == {"site": SITE, "timezone": "UTC"}


async def test_member_info_dates_follow_the_timezone_when_one_is_asked_for(
    sim: Simulator, client: StatbateClient
) -> None:
    fetched = await client.get_member_info(SITE, big_tipper(sim).username, "Asia/Tokyo")
    assert fetched is not None
    assert fetched.data.last_tip_date is not None
    assert fetched.data.last_tip_date.endswith("+09:00")


async def test_member_info_is_none_without_failure_when_statbate_does_not_know_the_name(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    assert await client.get_member_info(SITE, unknown_lurker(sim).username) is None
    assert await client.get_member_info(SITE, "nobody_like_this_42") is None
    assert failures.failures == []


async def test_batch_chunks_by_a_hundred_and_keeps_each_error_when_names_are_many(
    sim: Simulator, client: StatbateClient
) -> None:
    known = [v.username for v in sim.world.viewers.values() if v.known_to_statbate]
    names = known + [f"ghost_viewer_{n}" for n in range(230 - len(known))]
    items = await client.get_member_info_batch(SITE, [*names, known[0].upper()])
    posts = [r for r in sim.requests(STATBATE) if r.method == "POST"]
    assert len(posts) == 3
    assert [item.name for item in items] == names
    found = {item.name: item for item in items if item.info is not None}
    assert set(found) == set(known)
    first = sim.world.viewers[known[0]]
    assert found[known[0]].info is not None
    assert found[known[0]].info.all_time_tokens == sum(tip.tokens for tip in first.tips)
    ghost = items[-1]
    assert ghost.info is None
    assert ghost.error == "Member not found"
    assert ghost.raw == {"name": ghost.name, "error": "Member not found"}


async def test_batch_sends_nothing_when_there_are_no_names(
    sim: Simulator, client: StatbateClient
) -> None:
    assert await client.get_member_info_batch(SITE, []) == []
    assert sim.requests(STATBATE) == []


async def test_model_info_sends_the_range_in_utc_when_bounds_carry_an_offset(
    sim: Simulator, client: StatbateClient
) -> None:
    bucharest = timezone(timedelta(hours=2))
    window = TimeRange(datetime(2025, 12, 1, 2, 0, tzinfo=bucharest), START)
    fetched = await client.get_model_info(SITE, "hudson_cage", range=window)
    assert fetched is not None
    assert fetched.raw["meta"]["range"] == [
        "2025-12-01T00:00:00+00:00",
        "2026-01-05T20:00:00+00:00",
    ]
    owner = sim.world.models["hudson_cage"]
    assert fetched.data.rid == owner.rid
    assert fetched.data.gender == 0
    assert fetched.data.sessions is not None
    assert fetched.data.sessions.count == sum(
        1 for span in owner.sessions if window.start <= span.start <= window.end
    )
    assert [tag.name for tag in fetched.data.tags] == [name for name, _ in owner.tags]


async def test_model_info_income_covers_the_room_tips_when_the_room_was_busy(
    sim: Simulator, client: StatbateClient
) -> None:
    fetched = await client.get_model_info(SITE, "hudson_cage")
    assert fetched is not None
    assert fetched.data.income is not None
    room_tokens = sum(tip.tokens for tip in sim.world.room_tips())
    assert fetched.data.income.tokens is not None
    assert fetched.data.income.tokens >= room_tokens > 0


async def test_model_info_and_activity_are_none_when_the_model_is_unknown(
    client: StatbateClient,
) -> None:
    assert await client.get_model_info(SITE, "not_a_model_99") is None
    assert await client.get_model_activity(SITE, "not_a_model_99") is None


async def test_model_activity_lists_the_sessions_when_the_model_has_broadcast(
    sim: Simulator, client: StatbateClient
) -> None:
    fetched = await client.get_model_activity(SITE, "luna_skye")
    assert fetched is not None
    assert fetched.data.summary is not None
    assert fetched.data.summary.total_sessions == len(sim.world.models["luna_skye"].sessions)
    assert all(session.duration and session.duration > 0 for session in fetched.data.sessions)


async def test_member_tips_iterates_every_page_when_a_member_tipped_a_lot(
    sim: Simulator, client: StatbateClient
) -> None:
    tipper = big_tipper(sim)
    tips = [tip async for tip in client.iter_member_tips(SITE, tipper.username, per_page=7)]
    assert sum(tip.tokens or 0 for tip in tips) == sum(tip.tokens for tip in tipper.tips)
    assert len(tips) == len(tipper.tips)
    pages = [r for r in sim.requests(STATBATE) if r.path.endswith("/tips")]
    assert len(pages) == math.ceil(len(tipper.tips) / 7)


async def test_member_tips_page_carries_pagination_when_asked_for_one_page(
    sim: Simulator, client: StatbateClient
) -> None:
    tipper = big_tipper(sim)
    fetched = await client.get_member_tips(SITE, tipper.username, page=2, per_page=3)
    assert fetched is not None
    assert fetched.pagination is not None
    assert fetched.pagination.current_page == 2
    assert fetched.pagination.first_item == 4
    assert fetched.pagination.total == len(tipper.tips)
    assert len(fetched.data) == 3


async def test_member_analysis_endpoints_decode_when_the_member_is_known(
    sim: Simulator, client: StatbateClient
) -> None:
    tipper = big_tipper(sim)
    total = sum(tip.tokens for tip in tipper.tips)
    spending = await client.get_member_tag_spending(SITE, tipper.username, per_page=200)
    activity = await client.get_member_activity(SITE, tipper.username)
    top = await client.get_member_top_models(SITE, tipper.username)
    assert spending is not None
    assert activity is not None
    assert top is not None
    assert spending.data[0].position == 1
    assert sum(hour.token_sum or 0 for hour in activity.data.hourly) == total
    assert sum(day.tip_count or 0 for day in activity.data.daily) == len(tipper.tips)
    assert sum(model.total_tokens or 0 for model in top.data) == total
    assert [model.position for model in top.data] == list(range(1, len(top.data) + 1))


async def test_rate_limiter_keeps_requests_under_120_a_minute_when_flooding(
    sim: Simulator, failures: FakeFailureLog, fake_time: FakeTime
) -> None:
    sent_at: list[float] = []

    async def note_time(request: httpx.Request) -> None:
        sent_at.append(fake_time.now)

    async with httpx.AsyncClient(timeout=2.0, event_hooks={"request": [note_time]}) as http:
        client = make_client(sim, http, failures, fake_time)
        name = big_tipper(sim).username
        for _ in range(130):
            await client.get_member_info(SITE, name)
    assert len(sent_at) == 130
    for first, start in enumerate(sent_at):
        assert sum(1 for moment in sent_at[first:] if moment < start + 60.0) <= 120
    assert sent_at[-1] > 60.0


async def test_revoked_token_raises_auth_error_at_once_and_is_recorded(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    sim.revoke_tokens()
    name = big_tipper(sim).username
    with pytest.raises(ExternalAuthError) as raised:
        await client.get_member_info(SITE, name)
    assert raised.value.status == 401
    assert len(sim.requests(STATBATE)) == 1
    [failure] = failures.failures
    assert failure.service == "statbate"
    assert failure.endpoint == f"GET /members/chaturbate/{name}/info"
    assert failure.status == 401


async def test_forbidden_raises_auth_error_without_retry_when_statbate_answers_403(
    sim: Simulator, client: StatbateClient, fake_time: FakeTime
) -> None:
    sim.fail_next(1, status=403)
    with pytest.raises(ExternalAuthError):
        await client.get_model_info(SITE, "hudson_cage")
    assert len(sim.requests(STATBATE)) == 1
    assert fake_time.sleeps == []


async def test_wrong_token_raises_auth_error_when_statbate_refuses_it(
    sim: Simulator, http: httpx.AsyncClient, failures: FakeFailureLog, fake_time: FakeTime
) -> None:
    client = make_client(sim, http, failures, fake_time, token="not-the-right-token-1")
    with pytest.raises(ExternalAuthError):
        await client.get_member_info(SITE, big_tipper(sim).username)


async def test_missing_token_fails_clearly_without_calling_when_none_is_configured(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    client = StatbateClient(http, token=None, base_url=sim.statbate_api_base_url)
    with pytest.raises(ExternalAuthError, match="STATBATE_API_TOKEN"):
        await client.get_member_info(SITE, "big_tipper_77")
    assert sim.requests() == []


async def test_429_waits_the_retry_after_seconds_when_the_server_gives_them(
    sim: Simulator, client: StatbateClient, fake_time: FakeTime
) -> None:
    sim.fail_next(2, status=429, retry_after=7)
    assert await client.get_model_info(SITE, "hudson_cage") is not None
    assert fake_time.sleeps == [7.0, 7.0]
    assert [r.status for r in sim.requests(STATBATE)] == [429, 429, 200]


async def test_429_backs_off_with_jitter_when_no_retry_after_is_given(
    sim: Simulator, client: StatbateClient, fake_time: FakeTime
) -> None:
    sim.fail_next(2, status=429)
    assert await client.get_model_info(SITE, "hudson_cage") is not None
    first, second = fake_time.sleeps
    assert 0.0 <= first <= 0.5
    assert 0.0 <= second <= 1.0


async def test_429_raises_rate_limited_when_it_lasts_past_the_budget(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    sim.fail_next(10, status=429, retry_after=2)
    with pytest.raises(RateLimited) as raised:
        await client.get_model_info(SITE, "hudson_cage")
    assert raised.value.retry_after == 2.0
    assert len(sim.requests(STATBATE)) == POLICY.max_attempts
    [failure] = failures.failures
    assert failure.status == 429


async def test_429_is_not_waited_out_when_retry_after_exceeds_the_cap(
    sim: Simulator, client: StatbateClient, fake_time: FakeTime
) -> None:
    sim.fail_next(1, status=429, retry_after=3600)
    with pytest.raises(RateLimited):
        await client.get_model_info(SITE, "hudson_cage")
    assert len(sim.requests(STATBATE)) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504, 520, 521, 522, 523, 524])
async def test_server_errors_are_retried_until_success_when_they_pass(
    sim: Simulator, client: StatbateClient, fake_time: FakeTime, status: int
) -> None:
    sim.fail_next(2, status=status)
    fetched = await client.get_member_info(SITE, big_tipper(sim).username)
    assert fetched is not None
    assert [r.status for r in sim.requests(STATBATE)] == [status, status, 200]
    first, second = fake_time.sleeps
    assert 0.0 <= first <= 0.5
    assert 0.0 <= second <= 1.0


async def test_exhausted_retries_raise_and_record_one_failure_when_the_server_stays_down(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    sim.fail_next(10, status=503)
    with pytest.raises(ExternalServiceError) as raised:
        await client.get_model_info(SITE, "hudson_cage")
    assert raised.value.status == 503
    assert str(raised.value) == "statbate: HTTP 503 (gave up after 4 attempts)"
    assert len(sim.requests(STATBATE)) == 4
    [failure] = failures.failures
    assert (failure.service, failure.endpoint, failure.status) == (
        "statbate",
        "GET /model/chaturbate/hudson_cage/info",
        503,
    )
    assert failure.message == "HTTP 503 (gave up after 4 attempts)"


async def test_dropped_connections_are_retried_when_the_response_is_cut_mid_body(
    sim: Simulator, client: StatbateClient
) -> None:
    sim.drop_next(2)
    fetched = await client.get_member_info(SITE, big_tipper(sim).username)
    assert fetched is not None
    assert [r.fault for r in sim.requests(STATBATE)] == ["drop", "drop", None]


async def test_dropped_connections_raise_without_status_when_every_attempt_is_cut(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    sim.drop_next(10)
    with pytest.raises(ExternalServiceError, match="connection failed") as raised:
        await client.get_model_info(SITE, "hudson_cage")
    assert raised.value.status is None
    assert failures.failures[0].status is None


async def test_timeouts_are_retried_when_the_server_answers_too_late_once(
    sim: Simulator, failures: FakeFailureLog, fake_time: FakeTime
) -> None:
    sim.delay_next(1, 0.3)
    async with httpx.AsyncClient(timeout=0.1) as http:
        client = make_client(sim, http, failures, fake_time)
        assert await client.get_model_info(SITE, "hudson_cage") is not None
    assert len(fake_time.sleeps) == 1


async def test_timeouts_raise_when_every_attempt_is_too_late(
    sim: Simulator, failures: FakeFailureLog, fake_time: FakeTime
) -> None:
    sim.set_faults(latency=0.15)
    async with httpx.AsyncClient(timeout=0.05) as http:
        client = StatbateClient(
            http,
            token=sim.config.statbate_token,
            base_url=sim.statbate_api_base_url,
            failure_log=failures,
            policy=RetryPolicy(max_attempts=2),
            limiter=TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep),
            sleep=fake_time.sleep,
        )
        with pytest.raises(ExternalServiceError, match="timed out"):
            await client.get_model_info(SITE, "hudson_cage")
    assert failures.failures[0].message == "timed out (gave up after 2 attempts)"


async def test_refusal_of_the_query_raises_at_once_with_statbates_message_when_422(
    sim: Simulator, client: StatbateClient, failures: FakeFailureLog
) -> None:
    with pytest.raises(ExternalServiceError, match="Invalid timezone") as raised:
        await client.get_member_info(SITE, big_tipper(sim).username, timezone="Mars/Olympus")
    assert raised.value.status == 422
    assert len(sim.requests(STATBATE)) == 1
    assert failures.failures[0].status == 422


async def test_secrets_never_reach_errors_logs_or_the_failure_log_when_calls_fail(
    sim: Simulator,
    client: StatbateClient,
    failures: FakeFailureLog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="mhc")
    token = sim.config.statbate_token
    sim.fail_next(POLICY.max_attempts, status=503)
    with pytest.raises(ExternalServiceError) as server_down:
        await client.get_model_info(SITE, "hudson_cage")
    sim.revoke_tokens()
    with pytest.raises(ExternalAuthError) as refused:
        await client.get_model_info(SITE, "hudson_cage")
    assert caplog.records, "retries and failures are logged"
    texts = [
        str(server_down.value),
        str(refused.value),
        caplog.text,
        *(f"{f.endpoint} {f.message}" for f in failures.failures),
    ]
    assert all(token not in text for text in texts)
    assert server_down.value.__cause__ is None
