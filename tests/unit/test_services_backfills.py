"""The backfill use cases against in-memory fakes: checking requests, counting progress,
writing it now and then, the tip history's live-history rule, and stale runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import (
    EVENING,
    FakeBackfillStore,
    FakeChatHistory,
    FakeDatabase,
    FakeRoomHistory,
    FakeStatbate,
    ManualClock,
    configured_as,
)

from mhc.domain.backfills import (
    Backfill,
    BackfillKind,
    BackfillOrigin,
    BackfillRequest,
    BackfillStatus,
    Progress,
    tip_source_event_id,
)
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import (
    InteractionFilters,
    InteractionSource,
    InteractionType,
    Platform,
    Role,
)
from mhc.ports.gateways import ChatHistoryMessage
from mhc.services.backfills import BackfillService
from mhc.services.capture import CaptureService

OWNER = "hudson_cage"
LIVE_START = datetime(2026, 1, 8, 20, 0, tzinfo=UTC)
SNAPSHOTS = BackfillKind.STATBATE_SNAPSHOTS


class SteppingTime:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@dataclass
class Panel:
    clock: ManualClock
    database: FakeDatabase
    store: FakeBackfillStore
    statbate: FakeStatbate
    room: FakeRoomHistory
    service: BackfillService
    heard: list[Progress]

    async def run(self, request: BackfillRequest) -> Backfill:
        started = await self.service.start(request, worker_id="cli@test:1")
        return await self.service.run(started, self.heard.append)

    async def tips_of(self, username: str) -> list[tuple[datetime, int]]:
        async with self.database.unit_of_work() as uow:
            person = await uow.people.find_by_username(username, Platform.CHATURBATE)
            assert person is not None
            tips = await uow.interactions.by_person(
                person.id, InteractionFilters(types=(InteractionType.TIP,), limit=500)
            )
        assert {tip.source for tip in tips} == {InteractionSource.STATBATE}
        return sorted((tip.occurred_at, tip.metadata["tokens"]) for tip in tips)


def build_panel(
    *,
    members: Sequence[str] = (),
    room_tips: Sequence[tuple[str, datetime, int]] = (),
    live_start: datetime | None = None,
    chat: Sequence[ChatHistoryMessage] = (),
    statbate_configured: bool = True,
    step: float = 1.0,
) -> Panel:
    clock = ManualClock(EVENING)
    database = FakeDatabase(clock)
    store = FakeBackfillStore(clock)
    statbate = FakeStatbate(members, room_tips)
    room = FakeRoomHistory(live_start)
    exclusion = ExclusionPolicy(["smk_lover"])
    capture = CaptureService(
        database.unit_of_work,
        exclusion,
        clock,
        statbate=statbate,
        # The backfills never read the owner's Chaturbate Stats.
        cb_stats=None,
        chat_history=FakeChatHistory(chat),
        broadcaster=OWNER,
    )
    service = BackfillService(
        database.unit_of_work,
        store,
        room,
        capture,
        statbate,
        exclusion,
        clock,
        broadcaster=OWNER,
        statbate_configured=configured_as(statbate_configured),
        chat_history_configured=configured_as(True),
        monotonic=SteppingTime(step),
    )
    return Panel(clock, database, store, statbate, room, service, [])


def viewers(count: int) -> list[str]:
    return [f"night_owl_{n}" for n in range(count)]


def tip(tipper: str, day: int, hour: int, tokens: int) -> tuple[str, datetime, int]:
    return tipper, datetime(2026, 1, day, hour, 0, tzinfo=UTC), tokens


# ---- checking requests ------------------------------------------------------------------


async def test_queue_records_a_labelled_ui_row_when_names_are_given() -> None:
    panel = build_panel()
    request = BackfillRequest(
        kind=SNAPSHOTS, usernames=("Big_Tipper_77", "@night_owl_3", "big_tipper_77")
    )
    queued = await panel.service.queue(request)
    assert (queued.status, queued.origin, queued.total) == (
        BackfillStatus.QUEUED,
        BackfillOrigin.UI,
        None,
    )
    assert queued.params == {"usernames": ["big_tipper_77", "night_owl_3"]}
    assert queued.label == "Statbate snapshots of 2 names (big_tipper_77, night_owl_3)"


async def test_queue_names_the_watchlist_when_one_is_asked_for() -> None:
    panel = build_panel()
    async with panel.database.unit_of_work() as uow:
        friends = await uow.watchlists.get_by_name("Friends")
    assert friends is not None
    queued = await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, watchlist_id=friends.id))
    assert queued.params == {"watchlist_id": friends.id}
    assert queued.label == "Statbate snapshots of watchlist Friends"


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (BackfillRequest(kind=SNAPSHOTS), "usernames"),
        (BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",), watchlist_id=1), "usernames"),
        (BackfillRequest(kind=SNAPSHOTS, usernames=tuple(viewers(1001))), "usernames"),
        (BackfillRequest(kind=SNAPSHOTS, usernames=("not a name!",)), "username"),
        (BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",), since=EVENING), "since"),
        (BackfillRequest(kind=BackfillKind.TIP_HISTORY, usernames=("a_1",)), "usernames"),
        (BackfillRequest(kind=BackfillKind.TIP_HISTORY, watchlist_id=1), "watchlistId"),
        (
            BackfillRequest(
                kind=BackfillKind.TIP_HISTORY, since=EVENING, until=EVENING - timedelta(days=1)
            ),
            "since",
        ),
        (BackfillRequest(kind=BackfillKind.CHAT_IMPORT, usernames=("a_1", "b_2")), "usernames"),
    ],
)
async def test_queue_refuses_with_the_field_at_fault_when_the_request_is_wrong(
    request_: BackfillRequest, field: str
) -> None:
    panel = build_panel()
    with pytest.raises(InvalidInput) as refused:
        await panel.service.queue(request_)
    assert refused.value.field == field
    assert panel.store.rows == {}


async def test_queue_raises_not_found_when_the_watchlist_does_not_exist() -> None:
    panel = build_panel()
    with pytest.raises(NotFound, match="watchlist 999 does not exist"):
        await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, watchlist_id=999))


async def test_queue_raises_conflict_naming_the_setting_when_statbate_is_not_configured() -> None:
    panel = build_panel(statbate_configured=False)
    with pytest.raises(Conflict, match="STATBATE_API_TOKEN is not set"):
        await panel.service.queue(BackfillRequest(kind=BackfillKind.TIP_HISTORY))


async def test_queue_refuses_an_excluded_room_when_its_chat_is_asked_for() -> None:
    panel = build_panel()
    request = BackfillRequest(kind=BackfillKind.CHAT_IMPORT, room="smk_lover")
    with pytest.raises(InvalidInput, match="excluded"):
        await panel.service.queue(request)


# ---- snapshots --------------------------------------------------------------------------


async def test_snapshots_count_every_name_in_chunks_of_a_hundred_when_statbate_answers() -> None:
    names = viewers(250)
    panel = build_panel(members=names[:240])
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)))
    assert [len(call) for call in panel.statbate.batch_calls] == [100, 100, 50]
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.DONE,
        250,
        250,
        0,
    )
    assert finished.summary == {"captured": 240, "not_found": 10}
    assert [p.processed for p in panel.heard] == [0, 100, 200, 250, 250]


async def test_snapshots_count_a_failed_chunk_and_go_on_when_one_call_fails() -> None:
    names = viewers(250)
    panel = build_panel(members=names)
    panel.statbate.failing_batches = {2}
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)))
    assert (finished.status, finished.done, finished.failed) == (BackfillStatus.DONE, 150, 100)
    assert finished.last_error == "statbate: HTTP 503 after 4 attempts"
    assert finished.summary == {"captured": 150, "failed": 100}


async def test_snapshots_end_failed_when_the_credentials_are_refused() -> None:
    panel = build_panel(members=viewers(5))
    panel.statbate.refused = True
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(viewers(5))))
    assert finished.status is BackfillStatus.FAILED
    assert finished.last_error == "statbate: credentials refused (HTTP 401); renew them"
    assert finished.finished_at == EVENING


async def test_snapshots_skip_excluded_members_when_a_watchlist_holds_them() -> None:
    panel = build_panel(members=["big_tipper_77", "smk_lover"])
    async with panel.database.unit_of_work() as uow:
        friends = await uow.watchlists.get_by_name("Friends")
        assert friends is not None
        for name in ("big_tipper_77", "smk_lover"):
            person = await uow.people.insert(
                username=name,
                platform=Platform.CHATURBATE,
                role=Role.VIEWER,
                is_excluded=name == "smk_lover",
                seen_at=EVENING,
            )
            await uow.watchlists.add_member(friends.id, person.id)
        await uow.commit()
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, watchlist_name="friends"))
    assert finished.summary == {"captured": 1, "excluded": 1}
    assert panel.statbate.batch_calls == [["big_tipper_77"]]


async def test_progress_is_written_at_most_every_half_second_when_steps_come_faster() -> None:
    names = viewers(1000)
    # Each read of the monotonic clock moves it 0.2 s: ten chunks, far fewer writes.
    panel = build_panel(members=names, step=0.2)
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)))
    assert finished.done == 1000
    assert len(panel.heard) == 12
    written = [done for _, _, done, _ in panel.store.progress_writes]
    assert written == [0, 300, 600, 900]


async def test_run_goes_on_when_a_progress_write_finds_the_database_gone() -> None:
    names = viewers(250)
    panel = build_panel(members=names)
    panel.store.unavailable_writes = 2
    finished = await panel.run(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)))
    assert (finished.status, finished.done) == (BackfillStatus.DONE, 250)
    assert [done for _, _, done, _ in panel.store.progress_writes] == [200, 250]


# ---- tip history ------------------------------------------------------------------------


async def test_tip_history_keeps_only_tips_older_than_the_live_history_when_there_is_one() -> None:
    room_tips = [
        tip("big_tipper_77", 2, 21, 500),
        tip("big_tipper_77", 6, 22, 100),
        tip("night_owl_3", 7, 23, 25),
        # From here on the worker recorded the room live.
        tip("night_owl_3", 8, 21, 50),
        tip("big_tipper_77", 9, 20, 1000),
    ]
    panel = build_panel(room_tips=room_tips, live_start=LIVE_START)
    finished = await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    assert (finished.status, finished.total, finished.done) == (BackfillStatus.DONE, 1, 1)
    assert finished.summary == {"fetched": 3, "stored": 3}
    assert await panel.tips_of("big_tipper_77") == [
        (datetime(2026, 1, 2, 21, 0, tzinfo=UTC), 500),
        (datetime(2026, 1, 6, 22, 0, tzinfo=UTC), 100),
    ]
    assert await panel.tips_of("night_owl_3") == [(datetime(2026, 1, 7, 23, 0, tzinfo=UTC), 25)]


async def test_tip_history_adds_nothing_when_run_again_over_the_same_dates() -> None:
    panel = build_panel(room_tips=[tip(f"fan_{n}", 1 + n % 9, n % 24, 10 + n) for n in range(450)])
    first = await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    again = await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    assert (first.total, first.done, first.summary["stored"]) == (3, 3, 450)
    assert again.summary == {"fetched": 450, "already_stored": 450}


async def test_tip_history_keeps_both_when_one_tipper_sends_the_same_tip_twice_in_a_second() -> (
    None
):
    twice = tip("big_tipper_77", 3, 21, 100)
    panel = build_panel(room_tips=[twice, twice])
    await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    again = await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    assert len(await panel.tips_of("big_tipper_77")) == 2
    assert again.summary["already_stored"] == 2


async def test_tip_history_counts_a_failed_page_and_goes_on_when_statbate_fails_once() -> None:
    panel = build_panel(room_tips=[tip(f"fan_{n}", 1 + n % 9, n % 24, 10) for n in range(450)])
    panel.statbate.failing_pages = {2}
    finished = await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.DONE,
        3,
        2,
        1,
    )
    assert finished.summary["failed_pages"] == 1
    assert finished.last_error == "statbate: HTTP 502 after 4 attempts"


async def test_tip_history_asks_for_nothing_when_since_is_after_the_live_history_start() -> None:
    panel = build_panel(room_tips=[tip("big_tipper_77", 2, 21, 500)], live_start=LIVE_START)
    request = BackfillRequest(kind=BackfillKind.TIP_HISTORY, since=LIVE_START + timedelta(days=1))
    finished = await panel.run(request)
    assert (finished.status, finished.total, finished.done) == (BackfillStatus.DONE, 0, 0)
    assert panel.statbate.tip_pages == []


async def test_tip_history_records_when_tippers_tipped_rather_than_when_it_ran() -> None:
    panel = build_panel(room_tips=[tip("big_tipper_77", 2, 21, 500), tip("big_tipper_77", 4, 1, 5)])
    await panel.run(BackfillRequest(kind=BackfillKind.TIP_HISTORY))
    async with panel.database.unit_of_work() as uow:
        person = await uow.people.find_by_username("big_tipper_77", Platform.CHATURBATE)
    assert person is not None
    assert (person.first_seen_at, person.last_seen_at) == (
        datetime(2026, 1, 2, 21, 0, tzinfo=UTC),
        datetime(2026, 1, 4, 1, 0, tzinfo=UTC),
    )
    assert person.did == 7


# ---- chat import ------------------------------------------------------------------------


def chat_line(number: int) -> ChatHistoryMessage:
    return ChatHistoryMessage(
        room=OWNER,
        username=f"chatty_{number % 4}",
        text=f"hello {number}",
        sent_at=datetime(2026, 1, 3, 21, number % 60, tzinfo=UTC),
        message_id=str(900_000 + number),
    )


async def test_chat_import_counts_messages_without_a_total_until_the_history_ends() -> None:
    panel = build_panel(chat=[chat_line(n) for n in range(7)])
    finished = await panel.run(BackfillRequest(kind=BackfillKind.CHAT_IMPORT))
    assert [p.total for p in panel.heard] == [None] * 7 + [7, 7]
    assert (finished.status, finished.total, finished.done) == (BackfillStatus.DONE, 7, 7)
    assert finished.summary == {"fetched": 7, "stored": 7, "people": 4}


# ---- runs that were stopped -------------------------------------------------------------


async def test_fail_stale_ends_running_rows_nobody_touched_when_their_process_died() -> None:
    panel = build_panel(members=viewers(3))
    quiet = await panel.service.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)), worker_id="w1"
    )
    panel.clock.advance(minutes=6)
    lively = await panel.service.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=("b_2",)), worker_id="w2"
    )
    assert await panel.service.fail_stale(timedelta(minutes=5)) == [quiet.id]
    assert panel.store.rows[quiet.id].status is BackfillStatus.FAILED
    assert "stopped" in (panel.store.rows[quiet.id].last_error or "")
    assert panel.store.rows[lively.id].status is BackfillStatus.RUNNING


async def test_interrupted_run_is_queued_again_from_scratch_when_its_worker_stops() -> None:
    panel = build_panel(members=viewers(3))
    queued = await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)))
    claimed = await panel.service.claim_next("w1")
    assert claimed is not None
    assert claimed.id == queued.id
    assert await panel.service.claim_next("w2") is None
    await panel.service.interrupted(claimed.id, requeue=True)
    again = await panel.service.claim_next("w2")
    assert again is not None
    assert (again.id, again.worker_id, again.done) == (queued.id, "w2", 0)


# ---- cancelling from the panel -----------------------------------------------------------


async def test_cancel_ends_a_queued_backfill_at_once_when_no_worker_has_claimed_it() -> None:
    panel = build_panel()
    queued = await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)))
    cancelled = await panel.service.cancel(queued.id)
    assert (cancelled.status, cancelled.finished_at, cancelled.cancel_requested_at) == (
        BackfillStatus.CANCELLED,
        EVENING,
        EVENING,
    )
    assert cancelled.last_error == "cancelled from the panel before it started"
    assert await panel.service.claim_next("w1") is None


async def test_cancel_only_marks_a_running_backfill_when_asked_once_or_twice() -> None:
    panel = build_panel()
    queued = await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)))
    await panel.service.claim_next("w1")
    first = await panel.service.cancel(queued.id)
    panel.clock.advance(seconds=5)
    second = await panel.service.cancel(queued.id)
    assert (first.status, first.cancel_requested_at, first.finished_at) == (
        BackfillStatus.RUNNING,
        EVENING,
        None,
    )
    assert second == first


@pytest.mark.parametrize(
    "ending", [BackfillStatus.DONE, BackfillStatus.FAILED, BackfillStatus.CANCELLED]
)
async def test_cancel_raises_conflict_naming_the_status_when_the_backfill_has_ended(
    ending: BackfillStatus,
) -> None:
    panel = build_panel()
    started = await panel.service.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)), worker_id="cli@test:1"
    )
    await panel.store.finish(
        started.id, status=ending, total=1, done=1, failed=0, summary={}, last_error=None
    )
    with pytest.raises(Conflict, match=f"already ended \\({ending.value}\\)"):
        await panel.service.cancel(started.id)


async def test_cancel_raises_not_found_when_the_backfill_does_not_exist() -> None:
    panel = build_panel()
    with pytest.raises(NotFound, match="backfill 42 does not exist"):
        await panel.service.cancel(42)


async def test_snapshots_stop_after_the_chunk_in_hand_when_the_panel_cancels_them() -> None:
    names = viewers(350)
    panel = build_panel(members=names)
    started = await panel.service.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)), worker_id="cli@test:1"
    )

    def cancel_during_the_second_chunk(progress: Progress) -> None:
        if progress.done == 100:
            panel.store.ask_to_cancel(progress.backfill_id)

    finished = await panel.service.run(started, cancel_during_the_second_chunk)
    assert [len(call) for call in panel.statbate.batch_calls] == [100]
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.CANCELLED,
        350,
        100,
        0,
    )
    assert finished.summary == {"captured": 100}
    assert finished.last_error == "cancelled from the panel"


async def test_snapshots_end_done_when_the_cancel_is_read_with_the_last_chunk() -> None:
    names = viewers(150)
    panel = build_panel(members=names)
    started = await panel.service.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=tuple(names)), worker_id="cli@test:1"
    )

    def cancel_during_the_last_chunk(progress: Progress) -> None:
        if progress.done == 150:
            panel.store.ask_to_cancel(progress.backfill_id)

    finished = await panel.service.run(started, cancel_during_the_last_chunk)
    assert (finished.status, finished.done) == (BackfillStatus.DONE, 150)


async def test_tip_history_stops_between_pages_when_the_panel_cancels_it() -> None:
    tips = [tip(f"night_owl_{n}", 3, n % 24, 10) for n in range(450)]
    panel = build_panel(room_tips=tips)
    started = await panel.service.start(
        BackfillRequest(kind=BackfillKind.TIP_HISTORY), worker_id="cli@test:1"
    )

    def cancel_after_the_first_page(progress: Progress) -> None:
        if progress.done == 1:
            panel.store.ask_to_cancel(progress.backfill_id)

    finished = await panel.service.run(started, cancel_after_the_first_page)
    assert (finished.status, finished.total, finished.done) == (BackfillStatus.CANCELLED, 3, 1)
    assert finished.summary["stored"] == 200


async def test_interrupted_run_ends_cancelled_instead_of_queued_when_its_cancel_is_pending() -> (
    None
):
    panel = build_panel()
    queued = await panel.service.queue(BackfillRequest(kind=SNAPSHOTS, usernames=("a_1",)))
    await panel.service.claim_next("w1")
    await panel.service.cancel(queued.id)
    await panel.service.interrupted(queued.id, requeue=True)
    assert panel.store.rows[queued.id].status is BackfillStatus.CANCELLED
    assert await panel.service.claim_next("w2") is None


# ---- rules ------------------------------------------------------------------------------


names = st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@given(names, names, moments, st.integers(1, 10_000), st.integers(1, 3))
def test_tip_ids_are_equal_exactly_when_the_tips_are_when_built_twice(
    tipper: str, other: str, at: datetime, tokens: int, ordinal: int
) -> None:
    same = tip_source_event_id(OWNER, tipper, at, tokens, ordinal)
    assert same == tip_source_event_id(OWNER, tipper, at.replace(microsecond=0), tokens, ordinal)
    assert same != tip_source_event_id(OWNER, tipper, at, tokens, ordinal + 1)
    assert same != tip_source_event_id(OWNER, tipper, at, tokens + 1, ordinal)
    if other != tipper:
        assert same != tip_source_event_id(OWNER, other, at, tokens, ordinal)
