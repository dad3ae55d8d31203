"""The analysis adapter and use cases on a real PostgreSQL, fed with rows written in plain SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from tests.fakes import ManualClock

from mhc.adapters.postgres.analysis import PostgresAnalysisSource, bin_width
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.analysis.aggregates import ACTIVITY_TYPES, PersonAggregates
from mhc.domain.analysis.models import ExcludedFromAnalysis
from mhc.domain.errors import NotFound
from mhc.domain.models import Confidence, EvidenceType
from mhc.services.analysis import AnalysisService

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
BERLIN = "Europe/Berlin"


class Room:
    """Writes persons, sessions, interactions and snapshots the way the other adapters do."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool
        self._events = 0

    async def _one(self, sql: str, params: tuple[Any, ...]) -> int:
        async with self.pool.connection() as conn:
            row = await (await conn.execute(sql, params)).fetchone()  # type: ignore[arg-type]
        assert row is not None
        return int(row[0])

    async def person(self, username: str, *, excluded: bool = False) -> int:
        return await self._one(
            "INSERT INTO persons (username, role, is_excluded, first_seen_at, last_seen_at)"
            " VALUES (%s, 'VIEWER', %s, %s, %s) RETURNING id",
            (username, excluded, NOW - timedelta(days=400), NOW),
        )

    async def session(self, started_at: datetime, hours: int = 3) -> int:
        return await self._one(
            "INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status)"
            " VALUES ('hudson_cage', %s, %s, 'ENDED') RETURNING id",
            (started_at, started_at + timedelta(hours=hours)),
        )

    async def event(
        self,
        person_id: int,
        kind: str,
        at: datetime,
        *,
        session_id: int | None = None,
        source: str = "cb_events",
        metadata: dict[str, Any] | None = None,
    ) -> int:
        self._events += 1
        return await self._one(
            "INSERT INTO interactions (person_id, stream_session_id, type, content, occurred_at,"
            " source, metadata, source_event_id) VALUES (%s, %s, %s, NULL, %s, %s, %s, %s)"
            " RETURNING id",
            (person_id, session_id, kind, at, source, Jsonb(metadata or {}), f"ev-{self._events}"),
        )

    async def tip(
        self, person_id: int, tokens: int, at: datetime, session_id: int | None = None
    ) -> int:
        return await self.event(
            person_id, "TIP", at, session_id=session_id, metadata={"tokens": tokens}
        )

    async def snapshot(
        self, person_id: int, raw: dict[str, Any], metrics: dict[str, Any], captured_at: datetime
    ) -> int:
        return await self._one(
            "INSERT INTO snapshots"
            " (person_id, source, captured_at, raw_payload, normalized_metrics)"
            " VALUES (%s, 'statbate_member', %s, %s, %s) RETURNING id",
            (person_id, captured_at, Jsonb(raw), Jsonb(metrics)),
        )


@pytest.fixture
def room(pool: AsyncConnectionPool) -> Room:
    return Room(pool)


@pytest.fixture
def source(pool: AsyncConnectionPool) -> PostgresAnalysisSource:
    return PostgresAnalysisSource(pool)


@pytest.fixture
def service(pool: AsyncConnectionPool, source: PostgresAnalysisSource) -> AnalysisService:
    return AnalysisService(
        source,
        lambda: PostgresUnitOfWork(pool),
        ManualClock(NOW),
        broadcaster="hudson_cage",
        timezone=BERLIN,
    )


async def _aggregates(
    source: PostgresAnalysisSource,
    person_id: int,
    *,
    timezone: str = BERLIN,
    include_excluded: bool = False,
) -> PersonAggregates:
    aggregates = await source.person_aggregates(
        person_id, broadcaster="hudson_cage", timezone=timezone, include_excluded=include_excluded
    )
    assert aggregates is not None
    return aggregates


async def test_person_aggregates_compute_tips_in_sql_when_a_regular_tipped_across_sessions(
    room: Room, source: PostgresAnalysisSource
) -> None:
    tipper = await room.person("big_tipper_77")
    first = await room.session(NOW - timedelta(days=30))
    second = await room.session(NOW - timedelta(days=2))
    await room.session(NOW - timedelta(days=1))
    small = await room.tip(tipper, 10, NOW - timedelta(days=30) + timedelta(minutes=5), first)
    await room.tip(tipper, 20, NOW - timedelta(days=30) + timedelta(minutes=9), first)
    await room.tip(tipper, 30, NOW - timedelta(days=2) + timedelta(minutes=1), second)
    largest = await room.tip(tipper, 100, NOW - timedelta(days=2) + timedelta(minutes=7), second)
    chat = await room.event(tipper, "CHAT_MESSAGE", NOW - timedelta(days=2), session_id=second)

    aggregates = await _aggregates(source, tipper)

    tips = aggregates.tips
    assert (tips.count, tips.total, tips.median, tips.largest) == (4, 160, 25.0, 100)
    assert tips.sessions_tipped == 2
    assert tips.sources == ("cb_events",)
    assert tips.largest_evidence[0].id == largest
    assert tips.largest_evidence[-1].id == small
    assert tips.recent_evidence[0].id == largest
    assert aggregates.engagement.sessions_attended == 2
    assert aggregates.engagement.owner_sessions_total == 3
    assert aggregates.engagement.owner_sessions_since_first_seen == 3
    assert aggregates.engagement.chat_messages == 1
    assert [e.id for e in aggregates.engagement.chat_evidence] == [chat]
    assert aggregates.loyalty.interactions == 5
    assert aggregates.loyalty.first_evidence is not None
    assert aggregates.loyalty.first_evidence.id == small
    assert aggregates.loyalty.last_seen_at == NOW - timedelta(days=2) + timedelta(minutes=7)


async def test_person_aggregates_use_the_owners_time_zone_when_bucketing_hours_and_months(
    room: Room, source: PostgresAnalysisSource
) -> None:
    owl = await room.person("night_owl_3")
    # 23:30 UTC on New Year's Eve is 00:30 on New Year's Day in Berlin, a Thursday.
    await room.tip(owl, 50, datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    berlin = await _aggregates(source, owl)
    utc = await _aggregates(source, owl, timezone="UTC")

    assert berlin.timing.cells == ((3, 0, 1),)
    assert [(m.month, m.tips, m.tokens) for m in berlin.months] == [("2026-01", 1, 50)]
    assert utc.timing.cells == ((2, 23, 1),)
    assert [m.month for m in utc.months] == ["2025-12"]


async def test_person_aggregates_place_each_event_in_its_local_hour_when_the_zone_is_off_by_half(
    room: Room, source: PostgresAnalysisSource
) -> None:
    viewer = await room.person("mumbai_fan_12")
    # 14:40 UTC is 20:10 in Kolkata (+05:30): an hour-wide UTC bin would say 19:30.
    await room.event(viewer, "CHAT_MESSAGE", datetime(2026, 1, 5, 14, 40, tzinfo=UTC))

    aggregates = await _aggregates(source, viewer, timezone="Asia/Kolkata")

    assert aggregates.timing.cells == ((0, 20, 1),)
    assert bin_width("Asia/Kolkata", NOW) == "30 minutes"
    assert bin_width("Asia/Kathmandu", NOW) == "15 minutes"
    assert bin_width(BERLIN, NOW) == "1 hour"


@pytest.mark.parametrize("imported", [True, False], ids=["with imports", "without imports"])
async def test_kept_hourly_groups_give_every_figure_and_evidence_the_rows_give(
    room: Room, pool: AsyncConnectionPool, imported: bool
) -> None:
    # Every kind, in two sessions and none, from three sources, several to an hour, with or
    # without imported chat of the room: the statement answers the same from the kept groups and
    # their folds as from the rows.
    viewer = await room.person("mixed_viewer")
    sessions = (
        await room.session(NOW - timedelta(days=30)),
        await room.session(NOW - timedelta(days=2)),
        None,
    )
    kinds = (
        "CHAT_MESSAGE", "PRIVATE_MESSAGE", "TIP", "FOLLOW", "UNFOLLOW", "FANCLUB_JOIN",
        "MEDIA_PURCHASE", "USER_ENTER", "USER_LEAVE", "MANUAL_NOTE",
    )  # fmt: skip
    for k in range(60):
        await room.event(
            viewer,
            kinds[k % len(kinds)],
            NOW - timedelta(days=40 - k // 3, minutes=13 * k),
            session_id=sessions[k % 3],
            source=("cb_events", "statbate_plus", "cb_events", "paste")[k % 4],
            metadata={"tokens": 5 + k} if kinds[k % len(kinds)] == "TIP" else {},
        )
    for k, private in enumerate(("true", "false", "false") if imported else ()):
        await room.event(
            viewer,
            "CHAT_IMPORT",
            NOW - timedelta(days=3, hours=k),
            session_id=sessions[1],
            source="statbate_plus",
            metadata={"room": "hudson_cage", "private": private},
        )
    statement = load_queries("analysis")["person_activity"]

    async def answer(kept: bool) -> dict[str, Any]:
        params = {
            "person_id": viewer,
            "broadcaster": "hudson_cage",
            "timezone": BERLIN,
            "activity_types": [str(t) for t in ACTIVITY_TYPES],
            # Few, so that choosing the newest groups matters.
            "evidence_cap": 3,
            "bin": "1 hour",
            "kept_hours": kept,
        }
        async with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(statement, params, prepare=False)
            row = await cur.fetchone()
        assert row is not None
        # The cells are an unordered aggregate (the domain adds them into a grid).
        return {**row, "cells": sorted(map(tuple, row["cells"]))}

    kept, folded = await answer(True), await answer(False)

    assert kept == folded
    # 54 events of the room (the six notes are not activity) and the 3 imported lines.
    assert kept["interactions"] == 54 + (3 if imported else 0)
    assert len(kept["chat_evidence"]) == len(kept["follow_events"]) == 3


async def test_person_aggregates_count_only_room_activity_when_other_rows_exist(
    room: Room, source: PostgresAnalysisSource
) -> None:
    viewer = await room.person("quiet_viewer_5")
    at = NOW - timedelta(days=3)
    await room.event(viewer, "MANUAL_NOTE", at, source="manual")
    await room.event(viewer, "PROFILE_PASTE", at, source="lookup")
    own_room = await room.event(
        viewer, "CHAT_IMPORT", at, source="statbate_plus", metadata={"room": "hudson_cage"}
    )
    whisper = await room.event(
        viewer,
        "CHAT_IMPORT",
        at + timedelta(minutes=1),
        source="statbate_plus",
        metadata={"room": "hudson_cage", "private": True},
    )
    await room.event(
        viewer, "CHAT_IMPORT", at, source="statbate_plus", metadata={"room": "other_model_1"}
    )

    aggregates = await _aggregates(source, viewer)

    assert aggregates.loyalty.interactions == 2
    assert aggregates.engagement.chat_messages == 1
    assert aggregates.engagement.private_messages == 1
    assert [e.id for e in aggregates.engagement.chat_evidence] == [own_room]
    assert [e.id for e in aggregates.engagement.private_evidence] == [whisper]
    assert aggregates.engagement.chat_sources == ("statbate_plus",)
    assert aggregates.loyalty.last_evidence is not None
    assert aggregates.loyalty.last_evidence.id == whisper


async def test_person_aggregates_read_follows_and_the_fan_club_flag_when_events_carry_them(
    room: Room, source: PostgresAnalysisSource
) -> None:
    fan = await room.person("loyal_fan_9")
    followed = await room.event(fan, "FOLLOW", NOW - timedelta(days=20))
    unfollowed = await room.event(fan, "UNFOLLOW", NOW - timedelta(days=10))
    joined = await room.event(fan, "FANCLUB_JOIN", NOW - timedelta(days=5))
    flagged = await room.event(
        fan, "CHAT_MESSAGE", NOW - timedelta(days=1), metadata={"user": {"inFanclub": True}}
    )

    loyalty = (await _aggregates(source, fan)).loyalty

    assert (loyalty.follows, loyalty.unfollows, loyalty.fanclub_joins) == (1, 1, 1)
    assert [(e.type, e.evidence.id) for e in loyalty.follow_events] == [
        ("FANCLUB_JOIN", joined),
        ("UNFOLLOW", unfollowed),
        ("FOLLOW", followed),
    ]
    assert loyalty.follow_events[1].occurred_at == NOW - timedelta(days=10)
    assert loyalty.fanclub_flag is True
    assert loyalty.fanclub_flag_evidence is not None
    assert loyalty.fanclub_flag_evidence.id == flagged


async def test_person_aggregates_pick_the_newest_statbate_payload_of_each_kind_when_stored(
    room: Room, source: PostgresAnalysisSource
) -> None:
    tipper = await room.person("big_tipper_77")
    info = {
        "data": {
            "name": "big_tipper_77",
            "all_time_tokens": 40_000,
            "per_day_tokens": [{"date": "2026-01-09", "tokens": 300}, {"date": "bad", "tokens": 1}],
        }
    }
    await room.snapshot(tipper, info, {"all_time_tokens": 30_000}, NOW - timedelta(days=9))
    newest_info = await room.snapshot(
        tipper, info, {"all_time_tokens": 40_000, "last_tip_amount": 100}, NOW - timedelta(days=2)
    )
    tags = await room.snapshot(
        tipper,
        {"data": [{"tag": "muscle", "total_tokens": 600, "models_count": 12}]},
        {},
        NOW - timedelta(days=1),
    )
    activity = await room.snapshot(
        tipper,
        {
            "data": {
                "hourly": [{"hour": 22, "tip_count": 30, "token_sum": 900}],
                "daily": [{"day_of_week": 6, "tip_count": 30, "token_sum": 900}],
            },
            "meta": {"timezone": "UTC"},
        },
        {},
        NOW - timedelta(hours=5),
    )

    top = await room.snapshot(
        tipper,
        {
            "data": [
                {"position": 1, "name": "hudson_cage", "rid": 5, "total_tokens": 900, "days": 12},
                {"position": 2, "name": "other_model_1", "total_tokens": "300"},
                {"position": 3, "total_tokens": 50},
            ]
        },
        {},
        NOW - timedelta(hours=4),
    )

    statbate = (await _aggregates(source, tipper)).statbate

    assert statbate.member is not None
    assert statbate.member.snapshot.evidence.id == newest_info
    assert statbate.member.snapshot.evidence.type == EvidenceType.SNAPSHOT
    assert (statbate.member.all_time_tokens, statbate.member.last_tip_amount) == (40_000, 100)
    assert [(d.day.isoformat(), d.tokens) for d in statbate.member.per_day_tokens] == [
        ("2026-01-09", 300)
    ]
    assert statbate.tags is not None
    assert statbate.tags.snapshot.evidence.id == tags
    assert [(t.tag, t.tokens, t.models) for t in statbate.tags.tags] == [("muscle", 600, 12)]
    assert statbate.activity is not None
    assert statbate.activity.snapshot.evidence.id == activity
    assert [(h.hour, h.tips) for h in statbate.activity.hourly] == [(22, 30)]
    assert [(d.day, d.tips) for d in statbate.activity.daily] == [(5, 30)]
    assert statbate.top_models is not None
    assert statbate.top_models.snapshot.evidence.id == top
    assert [(m.name, m.tokens, m.days) for m in statbate.top_models.models] == [
        ("hudson_cage", 900, 12),
        ("other_model_1", 300, None),
    ]


async def test_person_aggregates_read_nothing_of_an_excluded_person_unless_asked(
    room: Room, source: PostgresAnalysisSource
) -> None:
    excluded = await room.person("smk_lover", excluded=True)
    await room.tip(excluded, 500, NOW - timedelta(days=1))

    hidden = await _aggregates(source, excluded)
    shown = await _aggregates(source, excluded, include_excluded=True)

    assert hidden.is_excluded
    assert (hidden.tips.count, hidden.loyalty.interactions) == (0, 0)
    assert (shown.tips.count, shown.tips.total) == (1, 500)


async def test_person_aggregates_are_none_when_the_person_does_not_exist(
    source: PostgresAnalysisSource,
) -> None:
    assert (
        await source.person_aggregates(
            999, broadcaster="hudson_cage", timezone=BERLIN, include_excluded=False
        )
        is None
    )


async def test_person_aggregates_are_empty_but_valid_when_the_person_was_only_looked_up(
    room: Room, service: AnalysisService
) -> None:
    stranger = await room.person("looked_up_once")
    analysis = await service.person(stranger)
    assert all(not insight.enough_data for insight in analysis.spending)
    assert analysis.suggestions == ()
    assert {i.key: i.summary for i in analysis.loyalty}["loyalty.seen"] == (
        "Known since 2024-12-06 but never seen in your room."
    )


async def test_service_refuses_an_excluded_person_when_not_asked_to_include_them(
    room: Room, service: AnalysisService
) -> None:
    excluded = await room.person("smk_lover", excluded=True)
    with pytest.raises(ExcludedFromAnalysis):
        await service.person(excluded)
    assert (await service.person(excluded, include_excluded=True)).is_excluded


async def test_accept_stores_the_attribute_with_its_evidence_when_the_owner_agrees(
    room: Room, service: AnalysisService, pool: AsyncConnectionPool
) -> None:
    tipper = await room.person("big_tipper_77")
    session = await room.session(NOW - timedelta(days=1))
    largest = await room.tip(tipper, 5_000, NOW - timedelta(hours=20), session)
    await room.tip(tipper, 100, NOW - timedelta(hours=19), session)

    attribute = await service.accept(tipper, "spender_tier", "big")

    assert (attribute.value, attribute.evidence_type, attribute.evidence_id) == (
        "big",
        EvidenceType.INTERACTION,
        largest,
    )
    assert attribute.confidence == Confidence.LOW
    async with pool.connection() as conn:
        stored = await (
            await conn.execute(
                "SELECT key, value, evidence_type, evidence_id FROM attributes"
                " WHERE person_id = %s",
                (tipper,),
            )
        ).fetchall()
    assert stored == [("spender_tier", "big", "interaction", largest)]
    assert "spender_tier" not in {s.key for s in (await service.person(tipper)).suggestions}


async def test_dismiss_is_remembered_once_and_moves_forward_when_repeated(
    room: Room, source: PostgresAnalysisSource
) -> None:
    viewer = await room.person("shy_viewer_8")
    await source.dismiss(viewer, key="loyalty", value="regular", at=NOW - timedelta(days=1))
    await source.dismiss(viewer, key="active_hours", value="nights", at=NOW - timedelta(hours=1))
    again = await source.dismiss(viewer, key="loyalty", value="regular", at=NOW)

    dismissals = await source.dismissals(viewer)

    assert again.dismissed_at == NOW
    assert [(d.key, d.value, d.dismissed_at) for d in dismissals] == [
        ("loyalty", "regular", NOW),
        ("active_hours", "nights", NOW - timedelta(hours=1)),
    ]
    assert (await _aggregates(source, viewer)).dismissals == tuple(dismissals)


async def test_dismiss_raises_not_found_when_the_person_does_not_exist(
    source: PostgresAnalysisSource,
) -> None:
    with pytest.raises(NotFound, match="person 4242"):
        await source.dismiss(4242, key="loyalty", value="regular", at=NOW)


async def test_session_aggregates_find_newcomers_regulars_and_converters_when_the_room_was_busy(
    room: Room, source: PostgresAnalysisSource
) -> None:
    regular = await room.person("big_tipper_77")
    newcomer = await room.person("new_viewer_1")
    lurker = await room.person("lurker_2")
    excluded = await room.person("smk_lover", excluded=True)
    owner = await room.person("hudson_cage")
    for days in (10, 8, 6):
        earlier = await room.session(NOW - timedelta(days=days))
        await room.event(regular, "CHAT_MESSAGE", NOW - timedelta(days=days), session_id=earlier)
    await room.event(lurker, "USER_ENTER", NOW - timedelta(days=8))
    tonight = await room.session(NOW - timedelta(hours=3))
    start = NOW - timedelta(hours=3)
    first_sight = await room.event(
        newcomer, "USER_ENTER", start + timedelta(minutes=1), session_id=tonight
    )
    small = await room.tip(newcomer, 25, start + timedelta(minutes=2), tonight)
    await room.event(regular, "USER_ENTER", start + timedelta(minutes=3), session_id=tonight)
    big = await room.tip(regular, 500, start + timedelta(minutes=4), tonight)
    await room.tip(regular, 100, start + timedelta(minutes=5), tonight)
    await room.event(regular, "CHAT_MESSAGE", start + timedelta(minutes=6), session_id=tonight)
    await room.event(lurker, "USER_ENTER", start + timedelta(minutes=7), session_id=tonight)
    await room.tip(excluded, 9_999, start + timedelta(minutes=8), tonight)
    await room.event(owner, "CHAT_MESSAGE", start + timedelta(minutes=9), session_id=tonight)

    session = await source.session_aggregates(
        tonight,
        include_excluded=False,
        regular_min_prior_sessions=3,
        top_tippers=10,
        listed_people=50,
    )

    assert session is not None
    assert (session.tip_count, session.tip_total, session.tippers) == (3, 625, 2)
    assert [(t.username, t.tokens, t.tips, t.largest_tip.id) for t in session.top_tippers] == [
        ("big_tipper_77", 600, 2, big),
        ("new_viewer_1", 25, 1, small),
    ]
    assert (session.enterers, session.enterers_who_tipped) == (3, 2)
    assert session.newcomer_count == 1
    assert [(p.username, p.evidence.id) for p in session.newcomers] == [
        ("new_viewer_1", first_sight)
    ]
    assert [(p.username, p.prior_sessions) for p in session.regulars] == [("big_tipper_77", 3)]
    assert (session.chat_messages, session.chatters) == (1, 1)

    with_excluded = await source.session_aggregates(
        tonight,
        include_excluded=True,
        regular_min_prior_sessions=3,
        top_tippers=10,
        listed_people=50,
    )
    assert with_excluded is not None
    assert with_excluded.top_tippers[0].username == "smk_lover"


async def test_session_analysis_is_not_found_when_the_session_does_not_exist(
    service: AnalysisService,
) -> None:
    with pytest.raises(NotFound):
        await service.session(31337)
