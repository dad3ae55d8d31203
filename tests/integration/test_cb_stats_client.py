"""ChaturbateStatsClient against the simulator over loopback HTTP."""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from tests.fakes import FakeFailureLog
from tests.timing import FakeTime

from mhc.adapters.chaturbate.stats import ChaturbateStatsClient
from mhc.domain.errors import ExternalAuthError, ExternalServiceError
from mhc.domain.retry import RetryPolicy
from mhc.simulator import STATS, Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
BROADCASTER = "hudson_cage"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=11, start_time=START)) as simulator:
        yield simulator


@pytest.fixture
async def client(
    sim: Simulator, failures: FakeFailureLog, fake_time: FakeTime
) -> AsyncIterator[ChaturbateStatsClient]:
    async with httpx.AsyncClient(timeout=2.0) as http:
        yield ChaturbateStatsClient(
            http,
            token=sim.config.stats_token,
            base_url=sim.base_url,
            failure_log=failures,
            policy=RetryPolicy(max_attempts=3),
            sleep=fake_time.sleep,
            rng=random.Random(5),
        )


async def test_stats_decode_every_documented_field_when_the_room_is_live(
    sim: Simulator, client: ChaturbateStatsClient
) -> None:
    sim.emit(200)
    fetched = await client.get_stats(BROADCASTER)
    assert fetched is not None
    stats = fetched.data
    present = [v for v in sim.world.viewers.values() if v.present]
    assert stats.username == BROADCASTER
    assert stats.token_balance == sim.world.balance_base + sim.world.received_tokens
    assert stats.num_registered_viewers == len(present)
    assert stats.num_viewers is not None
    assert stats.num_viewers >= len(present)
    assert stats.num_tokened_viewers == sum(v.has_tokens for v in present)
    assert stats.num_followers is not None
    assert stats.votes_up == sim.world.votes_up
    assert stats.votes_down == sim.world.votes_down
    assert stats.satisfaction_score is not None
    assert stats.tips_in_last_hour == sum(
        tip.tokens for tip in sim.world.room_tips() if tip.at >= START
    )
    assert stats.time_online is not None
    assert stats.time_online >= 0
    assert stats.last_broadcast is not None
    assert fetched.raw["time_online"] == stats.time_online


async def test_sentinels_become_none_but_stay_in_the_raw_body_when_offline(
    sim: Simulator, client: ChaturbateStatsClient
) -> None:
    sim.start_broadcast()
    sim.stop_broadcast()
    fetched = await client.get_stats(BROADCASTER)
    assert fetched is not None
    assert fetched.data.time_online is None
    assert fetched.raw["time_online"] == -1
    assert fetched.data.last_broadcast is not None


async def test_token_balance_grows_by_the_tip_when_a_viewer_tips(
    sim: Simulator, client: ChaturbateStatsClient
) -> None:
    sim.start_broadcast()
    before = await client.get_stats(BROADCASTER)
    sim.tip("big_tipper_77", 500)
    after = await client.get_stats(BROADCASTER)
    assert before is not None
    assert after is not None
    assert before.data.token_balance is not None
    assert after.data.token_balance == before.data.token_balance + 500
    assert after.data.tips_in_last_hour == (before.data.tips_in_last_hour or 0) + 500


async def test_plain_unauthorized_body_is_an_auth_error_when_the_token_has_expired(
    sim: Simulator, client: ChaturbateStatsClient, failures: FakeFailureLog
) -> None:
    sim.revoke_tokens()
    with pytest.raises(ExternalAuthError, match="Unauthorized") as raised:
        await client.get_stats(BROADCASTER)
    assert raised.value.status == 200
    assert len(sim.requests(STATS)) == 1
    [failure] = failures.failures
    assert (failure.service, failure.endpoint) == ("cb_stats", "GET /statsapi/")


async def test_wrong_token_is_an_auth_error_without_retry_when_refused_with_401(
    sim: Simulator, client: ChaturbateStatsClient, fake_time: FakeTime
) -> None:
    with pytest.raises(ExternalAuthError):
        await client.get_stats(BROADCASTER, token="wrongwrongwrongwrong1234")
    assert len(sim.requests(STATS)) == 1
    assert fake_time.sleeps == []


async def test_server_errors_and_drops_are_retried_when_they_pass(
    sim: Simulator, client: ChaturbateStatsClient
) -> None:
    sim.fail_next(1, status=522)
    sim.drop_next(1)
    assert await client.get_stats(BROADCASTER) is not None
    assert [r.status for r in sim.requests(STATS)] == [522, 200, 200]
    assert [r.fault for r in sim.requests(STATS)] == ["status", "drop", None]


async def test_token_stays_out_of_errors_logs_and_failures_when_it_rides_in_the_query(
    sim: Simulator,
    client: ChaturbateStatsClient,
    failures: FakeFailureLog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="mhc")
    token = sim.config.stats_token
    sim.drop_next(3)
    with pytest.raises(ExternalServiceError) as dropped:
        await client.get_stats(BROADCASTER)
    sim.revoke_tokens()
    with pytest.raises(ExternalAuthError) as refused:
        await client.get_stats(BROADCASTER)
    texts = [str(dropped.value), str(refused.value), caplog.text]
    texts += [f"{f.endpoint} {f.message}" for f in failures.failures]
    assert len(failures.failures) == 2
    assert all(token not in text for text in texts)


async def test_missing_token_fails_clearly_without_calling_when_none_is_configured(
    sim: Simulator,
) -> None:
    async with httpx.AsyncClient() as http:
        client = ChaturbateStatsClient(http, token=None, base_url=sim.base_url)
        with pytest.raises(ExternalAuthError, match="CB_STATS_TOKEN"):
            await client.get_stats(BROADCASTER)
    assert sim.requests() == []
