"""Recording when the worker was listening: spans from answered polls, written cheaply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mhc.domain.errors import StoreUnavailable
from mhc.ports.ingestion import EventsCursor, FeedPage
from mhc.services.listening import ListeningRecorder

START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


class FakeListeningLog:
    def __init__(self) -> None:
        self.spans: dict[int, list[datetime]] = {}
        self.writes = 0
        self.down = False

    async def open_span(
        self, *, broadcaster: str, worker_id: str, started_at: datetime, ended_at: datetime
    ) -> int:
        self._write()
        span_id = len(self.spans) + 1
        self.spans[span_id] = [started_at, ended_at]
        return span_id

    async def extend_span(self, span_id: int, ended_at: datetime) -> None:
        self._write()
        self.spans[span_id][1] = max(self.spans[span_id][1], ended_at)

    def _write(self) -> None:
        if self.down:
            raise StoreUnavailable("the database is unreachable")
        self.writes += 1


def poll(sent_after: float, answered_after: float) -> FeedPage:
    return FeedPage(
        events=[],
        next_cursor=EventsCursor(),
        requested_at=START + timedelta(seconds=sent_after),
        received_at=START + timedelta(seconds=answered_after),
    )


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


@pytest.fixture
def log() -> FakeListeningLog:
    return FakeListeningLog()


async def test_polls_that_follow_each_other_make_one_span(log: FakeListeningLog) -> None:
    recorder = ListeningRecorder(log, broadcaster="hudson_cage", worker_id="w1", flush_seconds=0)

    for second in range(0, 100, 10):
        await recorder.heard(poll(second + 0.01, second + 10))

    assert log.spans == {1: [at(0.01), at(100)]}


async def test_a_pause_longer_than_a_few_seconds_starts_a_new_span(log: FakeListeningLog) -> None:
    recorder = ListeningRecorder(log, broadcaster="hudson_cage", worker_id="w1", flush_seconds=0)

    await recorder.heard(poll(0, 10))
    await recorder.heard(poll(70, 80))

    assert log.spans == {1: [at(0), at(10)], 2: [at(70), at(80)]}


async def test_an_extended_span_is_written_at_most_every_flush_interval(
    log: FakeListeningLog,
) -> None:
    recorder = ListeningRecorder(log, broadcaster="hudson_cage", worker_id="w1", flush_seconds=60)

    for second in range(100):
        await recorder.heard(poll(second, second + 1))
    assert log.writes == 1
    assert log.spans[1] == [at(0), at(1)]

    await recorder.flush()

    assert log.writes == 2
    assert log.spans[1] == [at(0), at(100)]


async def test_a_failed_write_is_tried_again_and_never_raises(log: FakeListeningLog) -> None:
    recorder = ListeningRecorder(log, broadcaster="hudson_cage", worker_id="w1", flush_seconds=0)
    log.down = True

    await recorder.heard(poll(0, 10))
    await recorder.heard(poll(10, 20))
    log.down = False
    await recorder.heard(poll(20, 30))

    assert log.spans == {1: [at(0), at(30)]}


async def test_a_recorder_without_a_log_records_nothing() -> None:
    recorder = ListeningRecorder.disabled()

    await recorder.heard(poll(0, 10))
    await recorder.flush()
