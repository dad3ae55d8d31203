"""StatbatePlusSession against the simulator: cookies, XSRF, chat paging, expired sessions."""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import unquote

import httpx
import pytest
from tests.fakes import FakeFailureLog
from tests.timing import FakeTime

from mhc.adapters.resilience import TokenBucket
from mhc.adapters.statbate.plus import ChatHistoryContract, StatbatePlusSession
from mhc.domain.errors import ExternalAuthError
from mhc.domain.retry import RetryPolicy
from mhc.simulator import PLUS, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.config import PlusExpiredAnswer

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
ROOM = "hudson_cage"
SMALL_PAGES = ChatHistoryContract(per_page=25)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=5, start_time=START)) as simulator:
        yield simulator


def make_session(
    sim: Simulator,
    http: httpx.AsyncClient,
    failures: FakeFailureLog,
    *,
    xsrf_token: str | None = None,
) -> StatbatePlusSession:
    fake_time = FakeTime()
    return StatbatePlusSession(
        http,
        session_cookie=sim.config.plus_session_cookie,
        xsrf_token=xsrf_token or sim.config.plus_xsrf_token,
        base_url=sim.base_url,
        contract=SMALL_PAGES,
        failure_log=failures,
        policy=RetryPolicy(max_attempts=3),
        limiter=TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep),
        sleep=fake_time.sleep,
        rng=random.Random(9),
    )


@pytest.fixture
def session(
    sim: Simulator, http: httpx.AsyncClient, failures: FakeFailureLog
) -> StatbatePlusSession:
    return make_session(sim, http, failures)


async def test_authenticate_passes_when_the_browser_cookies_are_valid(
    sim: Simulator, session: StatbatePlusSession
) -> None:
    await session.authenticate()
    assert [r.path for r in sim.requests(PLUS)] == ["/api/user"]


async def test_cookies_from_set_cookie_are_sent_back_when_the_server_rotates_them(
    http: httpx.AsyncClient, failures: FakeFailureLog
) -> None:
    # Strict rotation: each answer invalidates the cookies it replaces.
    config = SimulatorConfig(seed=5, start_time=START, plus_strict_rotation=True)
    with run_simulator(config) as strict:
        session = make_session(strict, http, failures)
        await session.authenticate()
        await session.authenticate()
        assert await session.get_chat_history(ROOM) is not None
        assert [r.status for r in strict.requests(PLUS)] == [200, 200, 200]


async def test_history_follows_the_cursor_across_pages_when_the_room_chatted_a_lot(
    sim: Simulator, session: StatbatePlusSession
) -> None:
    sim.emit(400)
    lines = [line for line in sim.world.chat_lines if line.room == ROOM]
    messages = [m async for m in session.iter_chat_history(ROOM)]
    assert [m.message_id for m in messages] == [str(line.id) for line in lines]
    assert [(m.username, m.text) for m in messages] == [(ln.username, ln.text) for ln in lines]
    assert all(m.sent_at == line.at for m, line in zip(messages, lines, strict=True))
    assert all(m.room == ROOM and not m.is_private for m in messages)
    assert messages[0].raw["id"] == lines[0].id
    assert len(sim.requests(PLUS)) == math.ceil(len(lines) / SMALL_PAGES.per_page)


async def test_history_keeps_to_the_interval_when_since_and_until_are_given(
    sim: Simulator, session: StatbatePlusSession
) -> None:
    sim.emit(300)
    since = START
    until = sim.world.now()
    messages = [m async for m in session.iter_chat_history(ROOM, since, until)]
    expected = [ln for ln in sim.world.chat_lines if since <= ln.at <= until]
    assert len(messages) == len(expected) > 0
    assert all(since <= m.sent_at <= until for m in messages)


async def test_history_is_empty_when_the_room_never_chatted(
    session: StatbatePlusSession,
) -> None:
    page = await session.get_chat_history("luna_skye")
    assert page is not None
    assert page.messages == []
    assert page.next_cursor is None


@pytest.mark.parametrize("answer", ["redirect", "401", "419", "html"])
async def test_expired_session_is_a_clear_auth_error_without_retry_when_the_server_says_so(
    sim: Simulator,
    session: StatbatePlusSession,
    failures: FakeFailureLog,
    answer: PlusExpiredAnswer,
) -> None:
    sim.expire_plus_session(answer=answer)
    with pytest.raises(ExternalAuthError, match="Statbate Plus session expired"):
        await session.get_chat_history(ROOM)
    assert len(sim.requests(PLUS)) == 1
    [failure] = failures.failures
    assert failure.service == "statbate_plus"
    assert failure.endpoint == f"GET /model/chaturbate/{ROOM}/chat"
    assert "STATBATE_PLUS_SESSION_COOKIE" in failure.message


async def test_redirect_names_the_login_page_when_the_session_has_expired(
    sim: Simulator, session: StatbatePlusSession
) -> None:
    sim.expire_plus_session(answer="redirect")
    with pytest.raises(ExternalAuthError, match="redirected to the login page"):
        await session.authenticate()


async def test_xsrf_mismatch_is_an_auth_error_when_the_token_is_not_the_sessions(
    sim: Simulator, http: httpx.AsyncClient, failures: FakeFailureLog
) -> None:
    session = make_session(sim, http, failures, xsrf_token="someone-elses-token%3D")
    with pytest.raises(ExternalAuthError, match="HTTP 419"):
        await session.get_chat_history(ROOM)


async def test_server_errors_are_retried_when_plus_recovers(
    sim: Simulator, session: StatbatePlusSession
) -> None:
    sim.fail_next(1, status=502, route=PLUS)
    sim.drop_next(1, route=PLUS)
    assert await session.get_chat_history(ROOM) is not None
    assert [r.status for r in sim.requests(PLUS)] == [502, 200, 200]


async def test_cookies_stay_out_of_errors_and_logs_when_the_session_fails(
    sim: Simulator,
    session: StatbatePlusSession,
    failures: FakeFailureLog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="mhc")
    await session.authenticate()
    sim.expire_plus_session(answer="419")
    with pytest.raises(ExternalAuthError) as raised:
        await session.get_chat_history(ROOM)
    cookie_values = [
        sim.config.plus_session_cookie,
        unquote(sim.config.plus_xsrf_token),
        "sim-plus-session-1",
        "sim-xsrf-1",
    ]
    texts = [str(raised.value), caplog.text, *(f.message for f in failures.failures)]
    assert all(value not in text for value in cookie_values for text in texts)


async def test_missing_session_fails_clearly_without_calling_when_none_is_configured(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    session = StatbatePlusSession(http, session_cookie=None, xsrf_token=None, base_url=sim.base_url)
    with pytest.raises(ExternalAuthError, match="STATBATE_PLUS_XSRF_TOKEN"):
        await session.get_chat_history(ROOM)
    assert sim.requests() == []
