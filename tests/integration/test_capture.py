"""Capture and chat-import use cases on real PostgreSQL, fed by the simulator over HTTP."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest
from psycopg_pool import AsyncConnectionPool
from tests.timing import FakeTime

from mhc.adapters.chaturbate.stats import ChaturbateStatsClient
from mhc.adapters.postgres.analysis import PostgresAnalysisSource
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.adapters.resilience import TokenBucket, build_http_client
from mhc.adapters.statbate.plus import StatbatePlusSession
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.errors import ExternalServiceError, InvalidInput
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import (
    Confidence,
    EvidenceType,
    InteractionFilters,
    InteractionSource,
    InteractionType,
    Platform,
    Role,
    SnapshotSource,
)
from mhc.domain.retry import RetryPolicy
from mhc.ports.clock import SystemClock
from mhc.services.analysis import AnalysisService
from mhc.services.capture import CaptureOutcome, CaptureService, ProfilePart
from mhc.simulator import PLUS, STATBATE, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.cast import Viewer

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=17, start_time=START)) as simulator:
        simulator.emit(400)
        yield simulator


@pytest.fixture
async def capture(sim: Simulator, pool: AsyncConnectionPool) -> AsyncIterator[CaptureService]:
    fake_time = FakeTime()
    limits = {
        "policy": RetryPolicy(max_attempts=2),
        "sleep": fake_time.sleep,
        "rng": random.Random(1),
        "failure_log": PostgresFailureLog(pool),
    }
    limiter = TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep)
    async with build_http_client(timeout=2.0, connect_timeout=2.0) as http:
        yield CaptureService(
            lambda: PostgresUnitOfWork(pool),
            ExclusionPolicy(["smk_lover"]),
            SystemClock(),
            statbate=StatbateClient(
                http,
                token=sim.config.statbate_token,
                base_url=sim.statbate_api_base_url,
                limiter=limiter,
                batch_limiter=limiter,
                **limits,
            ),
            cb_stats=ChaturbateStatsClient(
                http, token=sim.config.stats_token, base_url=sim.base_url, **limits
            ),
            chat_history=StatbatePlusSession(
                http,
                session_cookie=sim.config.plus_session_cookie,
                xsrf_token=sim.config.plus_xsrf_token,
                base_url=sim.base_url,
                limiter=limiter,
                **limits,
            ),
            broadcaster="hudson_cage",
        )


def known_tipper(sim: Simulator) -> Viewer:
    return sim.world.with_habit("big_tipper")[0]


async def test_member_capture_stores_raw_and_normalised_numbers_when_statbate_knows_them(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    tipper = known_tipper(sim)
    result = await capture.capture_member(tipper.username.upper())
    assert result.outcome == CaptureOutcome.CAPTURED
    assert result.snapshot is not None
    assert result.snapshot.source == SnapshotSource.STATBATE_MEMBER
    assert result.snapshot.raw_payload["data"]["name"] == tipper.username
    assert result.snapshot.normalized_metrics["all_time_tokens"] == sum(
        tip.tokens for tip in tipper.tips
    )
    async with PostgresUnitOfWork(pool) as uow:
        person = await uow.people.find_by_username(tipper.username, Platform.CHATURBATE)
        [stored] = await uow.snapshots.latest(result.person_id or 0, SnapshotSource.STATBATE_MEMBER)
    assert person is not None
    assert person.did == tipper.did
    assert person.role == Role.VIEWER
    assert stored.raw_payload == result.snapshot.raw_payload


async def test_model_capture_sets_the_room_id_when_statbate_knows_the_model(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    result = await capture.capture_model("hudson_cage")
    assert result.outcome == CaptureOutcome.CAPTURED
    assert result.snapshot is not None
    assert result.snapshot.normalized_metrics["rid"] == sim.world.models["hudson_cage"].rid
    async with PostgresUnitOfWork(pool) as uow:
        person = await uow.people.get(result.person_id or 0)
    assert person is not None
    assert person.rid == sim.world.models["hudson_cage"].rid
    assert person.role == Role.MODEL


async def test_cb_stats_capture_stores_the_owners_numbers_without_sentinels_when_offline(
    sim: Simulator, capture: CaptureService
) -> None:
    sim.stop_broadcast()
    result = await capture.capture_cb_stats()
    assert result.snapshot is not None
    assert result.username == "hudson_cage"
    assert result.snapshot.raw_payload["time_online"] == -1
    assert "time_online_minutes" not in result.snapshot.normalized_metrics
    assert result.snapshot.normalized_metrics["votes_up"] == sim.world.votes_up


async def test_unknown_member_is_reported_and_not_created_when_statbate_has_no_record(
    capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    result = await capture.capture_member("nobody_like_this_42")
    assert result.outcome == CaptureOutcome.NOT_FOUND
    assert result.snapshot is None
    async with PostgresUnitOfWork(pool) as uow:
        assert await uow.people.find_by_username("nobody_like_this_42", Platform.CHATURBATE) is None


async def test_excluded_person_is_never_sent_to_statbate_when_captured_alone(
    sim: Simulator, capture: CaptureService
) -> None:
    with pytest.raises(InvalidInput, match="excluded"):
        await capture.capture_member("@SMK_Lover")
    with pytest.raises(InvalidInput, match="excluded"):
        await capture.import_chat("smk_lover")
    assert sim.requests(STATBATE) == []
    assert sim.requests(PLUS) == []


async def test_batch_capture_skips_the_excluded_and_stores_the_rest_when_given_a_watchlist(
    sim: Simulator, capture: CaptureService
) -> None:
    viewers = sim.world.viewers.values()
    known = [v.username for v in viewers if v.known_to_statbate and v.username != "smk_lover"]
    names = ["smk_lover", *known[:12], "nobody_like_this_42"]
    results = await capture.capture_members_batch(names)
    assert [r.username for r in results] == names
    assert results[0].outcome == CaptureOutcome.EXCLUDED
    assert all(r.outcome == CaptureOutcome.CAPTURED for r in results[1:-1])
    assert results[-1].outcome == CaptureOutcome.NOT_FOUND
    assert len(sim.requests(STATBATE)) == 1


async def test_batch_capture_sends_nothing_when_every_name_is_excluded(
    sim: Simulator, capture: CaptureService
) -> None:
    [result] = await capture.capture_members_batch(["smk_lover"])
    assert result.outcome == CaptureOutcome.EXCLUDED
    assert sim.requests(STATBATE) == []


async def test_chat_import_stores_each_message_once_when_run_twice(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    first = await capture.import_chat("hudson_cage")
    lines = [line for line in sim.world.chat_lines if line.room == "hudson_cage"]
    assert first.fetched == first.stored == len(lines)
    assert first.people == len({line.username for line in lines})
    again = await capture.import_chat("hudson_cage")
    assert again.fetched == len(lines)
    assert again.stored == 0
    sim.emit(50)
    newer = await capture.import_chat("hudson_cage", since=START)
    new_lines = [line for line in sim.world.chat_lines if line.id > lines[-1].id]
    assert newer.stored == len(new_lines)
    speaker = lines[0].username
    async with PostgresUnitOfWork(pool) as uow:
        person = await uow.people.find_by_username(speaker, Platform.CHATURBATE)
        assert person is not None
        said = await uow.interactions.by_person(
            person.id, InteractionFilters(types=(InteractionType.CHAT_IMPORT,), limit=500)
        )
    assert {i.source for i in said} == {InteractionSource.STATBATE_PLUS}
    assert sorted(i.content or "" for i in said) == sorted(
        line.text for line in sim.world.chat_lines if line.username == speaker
    )
    assert all(i.source_event_id and i.source_event_id.startswith("hudson_cage:") for i in said)


async def test_failed_capture_stores_nothing_and_logs_the_failure_when_statbate_stays_down(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    sim.fail_next(2, status=503, route=STATBATE)
    tipper = known_tipper(sim)
    with pytest.raises(ExternalServiceError):
        await capture.capture_member(tipper.username)
    [failure] = await PostgresFailureLog(pool).recent()
    assert (failure.service, failure.status) == ("statbate", 503)
    assert failure.endpoint == f"GET /members/chaturbate/{tipper.username}/info"
    async with PostgresUnitOfWork(pool) as uow:
        assert await uow.people.find_by_username(tipper.username, Platform.CHATURBATE) is None


async def test_profile_capture_gives_the_analysis_tag_preferences_when_statbate_knows_the_member(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    tipper = known_tipper(sim)
    result = await capture.capture_member_profile(tipper.username)
    assert [(p.part, p.outcome) for p in result.parts] == [
        (part, CaptureOutcome.CAPTURED) for part in ProfilePart
    ]
    snapshots = {p.part: p.snapshot for p in result.parts if p.snapshot is not None}
    assert len({s.captured_at for s in snapshots.values()}) == 3
    assert {s.source for s in snapshots.values()} == {SnapshotSource.STATBATE_PROFILE}
    tags = snapshots[ProfilePart.TAG_SPENDING]
    tipped_tags = {tag for tip in tipper.tips for tag in sim.world.models[tip.model].tags}
    assert tags.normalized_metrics["tags_count"] == len(tipped_tags)
    assert snapshots[ProfilePart.TOP_MODELS].normalized_metrics["models_count"] == len(
        {tip.model for tip in tipper.tips}
    )
    assert snapshots[ProfilePart.ACTIVITY].normalized_metrics["tip_count"] == len(tipper.tips)
    analysis = AnalysisService(
        PostgresAnalysisSource(pool),
        lambda: PostgresUnitOfWork(pool),
        SystemClock(),
        broadcaster="hudson_cage",
        timezone="Europe/London",
    )
    report = await analysis.person(result.person_id or 0)
    insights = {insight.key: insight for insight in report.insights()}
    preferences = insights["tags.preferences"]
    assert preferences.enough_data
    assert preferences.confidence in (Confidence.MEDIUM, Confidence.HIGH)
    assert preferences.sources == ("Statbate",)
    [evidence] = preferences.evidence.items
    assert (evidence.type, evidence.id) == (EvidenceType.SNAPSHOT, tags.id)
    assert preferences.facts["favourite_tags"] == tags.normalized_metrics["top_tags"][:3]
    assert insights["tags.top_models"].enough_data
    assert insights["timing.site_wide_hours"].facts["tips"] == len(tipper.tips)


async def test_profile_capture_keeps_the_other_parts_when_one_part_fails(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    # Two attempts are allowed, so two failures sink the first part (tag spending) only.
    sim.fail_next(2, status=503, route=STATBATE)
    result = await capture.capture_member_profile(known_tipper(sim).username)
    outcomes = {p.part: p.outcome for p in result.parts}
    assert outcomes == {
        ProfilePart.TAG_SPENDING: CaptureOutcome.FAILED,
        ProfilePart.TOP_MODELS: CaptureOutcome.CAPTURED,
        ProfilePart.ACTIVITY: CaptureOutcome.CAPTURED,
    }
    assert "503" in (result.parts[0].detail or "")
    async with PostgresUnitOfWork(pool) as uow:
        stored = await uow.snapshots.latest(
            result.person_id or 0, SnapshotSource.STATBATE_PROFILE, count=5
        )
    assert len(stored) == 2


async def test_profile_capture_stores_nothing_and_raises_when_every_part_fails(
    sim: Simulator, capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    sim.fail_next(6, status=503, route=STATBATE)
    tipper = known_tipper(sim)
    with pytest.raises(ExternalServiceError):
        await capture.capture_member_profile(tipper.username)
    assert len(await PostgresFailureLog(pool).recent()) == 3
    async with PostgresUnitOfWork(pool) as uow:
        assert await uow.people.find_by_username(tipper.username, Platform.CHATURBATE) is None


async def test_profile_capture_reports_not_found_and_creates_nobody_when_statbate_has_no_record(
    capture: CaptureService, pool: AsyncConnectionPool
) -> None:
    result = await capture.capture_member_profile("nobody_like_this_42")
    assert result.person_id is None
    assert {p.outcome for p in result.parts} == {CaptureOutcome.NOT_FOUND}
    async with PostgresUnitOfWork(pool) as uow:
        assert await uow.people.find_by_username("nobody_like_this_42", Platform.CHATURBATE) is None


async def test_profile_capture_is_never_sent_to_statbate_when_the_person_is_excluded(
    sim: Simulator, capture: CaptureService
) -> None:
    with pytest.raises(InvalidInput, match="excluded"):
        await capture.capture_member_profile("smk_lover")
    assert sim.requests(STATBATE) == []
