"""The Pushover client against the simulator over real sockets: messages, the credential check,
refusals, faults, and no secret in any failure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from tests.fakes import FakeFailureLog

from mhc.adapters.pushover import PushoverClient
from mhc.adapters.resilience import build_http_client
from mhc.domain.alerts import PushMessage
from mhc.domain.errors import ExternalAuthError, ExternalServiceError
from mhc.domain.retry import RetryPolicy
from mhc.simulator import PUSHOVER, Simulator, SimulatorConfig, run_simulator_async

AT = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
QUICK = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)
MESSAGE = PushMessage(
    title="big_tipper_77: A friend enters",
    message="entered; on Friends",
    timestamp=AT,
    url="https://panel.example/person/5",
    url_title="Open in the panel",
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=3)) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_http_client() as opened:
        yield opened


def client(
    http: httpx.AsyncClient,
    sim: Simulator,
    failures: FakeFailureLog,
    *,
    token: str | None = None,
    user: str | None = None,
) -> PushoverClient:
    return PushoverClient(
        http,
        token=token or sim.config.pushover_token,
        user=user or sim.config.pushover_user,
        base_url=sim.base_url,
        failure_log=failures,
        policy=QUICK,
    )


async def test_a_message_reaches_pushover_with_its_link_when_the_credentials_are_good(
    http: httpx.AsyncClient, sim: Simulator, failures: FakeFailureLog
) -> None:
    await client(http, sim, failures).send(MESSAGE)

    [received] = sim.pushover_messages
    assert (received.title, received.message) == (MESSAGE.title, MESSAGE.message)
    assert (received.url, received.url_title) == (MESSAGE.url, "Open in the panel")
    assert received.timestamp == int(AT.timestamp())
    assert failures.failures == []


async def test_the_check_says_ok_and_sends_nothing_when_pushover_accepts_the_credentials(
    http: httpx.AsyncClient, sim: Simulator, failures: FakeFailureLog
) -> None:
    check = await client(http, sim, failures).check()

    assert check.ok
    assert sim.pushover_messages == []
    assert [r.path for r in sim.requests(PUSHOVER)] == ["/1/users/validate.json"]


async def test_a_refused_user_key_is_named_and_recorded_without_the_secrets_when_sending(
    http: httpx.AsyncClient, sim: Simulator, failures: FakeFailureLog
) -> None:
    wrong = "wronguserkey0000000000000000001"
    pushover = client(http, sim, failures, user=wrong)

    with pytest.raises(ExternalAuthError, match="the user key"):
        await pushover.send(MESSAGE)
    check = await pushover.check()

    assert not check.ok
    assert "user key" in check.detail
    assert len(sim.requests(PUSHOVER)) == 2
    recorded = " ".join(f"{f.endpoint} {f.message}" for f in failures.failures)
    assert {f.service for f in failures.failures} == {"pushover"}
    for secret in (wrong, sim.config.pushover_token):
        assert secret not in recorded


async def test_a_server_error_is_retried_and_then_recorded_when_pushover_stays_down(
    http: httpx.AsyncClient, sim: Simulator, failures: FakeFailureLog
) -> None:
    sim.fail_next(1, status=503, route=PUSHOVER)
    await client(http, sim, failures).send(MESSAGE)
    assert len(sim.pushover_messages) == 1

    sim.fail_next(3, status=500, route=PUSHOVER)
    with pytest.raises(ExternalServiceError):
        await client(http, sim, failures).send(MESSAGE)

    [failure] = failures.failures
    assert (failure.service, failure.endpoint, failure.status) == (
        "pushover",
        "POST /1/messages.json",
        500,
    )


async def test_nothing_is_sent_and_the_check_says_why_when_pushover_is_not_set_up(
    http: httpx.AsyncClient, sim: Simulator
) -> None:
    pushover = PushoverClient(http, token=None, user=None, base_url=sim.base_url)

    check = await pushover.check()

    assert not await pushover.configured()
    assert not check.ok
    assert "MHC_PUSHOVER_TOKEN" in check.detail
    assert sim.requests(PUSHOVER) == []
