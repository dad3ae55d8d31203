"""The one drift reporter of the clients, the events feed and the worker: findings counted per
answer, examples masked, each difference logged once, one write, never a raise or a long wait."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import anyio
import pytest
from tests.fakes import FakeDriftLog

from mhc.domain.contracts.findings import DriftKind, DriftObservation, Finding
from mhc.domain.contracts.shapes import EVENTS, STATS
from mhc.services.drift import ContractDriftReporter

TOKEN = "s3cretStatsTok3n"


def unknown(path: str, example: object = None) -> Finding:
    return Finding(
        kind=DriftKind.UNKNOWN_FIELD, subject=path, detail="not in the contract", example=example
    )


async def test_findings_of_one_answer_are_counted_in_one_write_when_they_repeat() -> None:
    log = FakeDriftLog()
    reporter = ContractDriftReporter(log)

    await reporter.report(EVENTS, [unknown("$.events[].x")] * 3 + [unknown("$.events[].y")])

    assert len(log.writes) == 1
    assert log.counts() == {
        ("unknown_field", "$.events[].x"): 3,
        ("unknown_field", "$.events[].y"): 1,
    }
    assert {(seen.service, seen.endpoint) for seen in log.writes[0]} == {
        (EVENTS.service, EVENTS.endpoint)
    }


async def test_nothing_is_written_when_an_answer_has_no_findings() -> None:
    log = FakeDriftLog()

    await ContractDriftReporter(log).report(STATS, [])

    assert log.writes == []


async def test_examples_are_masked_when_they_hold_a_secret_of_the_call_or_the_reporter() -> None:
    log = FakeDriftLog()
    reporter = ContractDriftReporter(log, secrets=["configured-cookie-value"])

    await reporter.report(
        STATS,
        [
            unknown(
                "$.x", {"x": f"?token={TOKEN}", "note": "configured-cookie-value", "api_key": "k"}
            )
        ],
        secrets=[TOKEN],
    )

    [[seen]] = log.writes
    assert TOKEN not in str(seen.example)
    assert "configured-cookie-value" not in str(seen.example)
    assert seen.example["api_key"] == "***"


def test_each_difference_is_logged_at_warning_once_when_it_comes_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reporter = ContractDriftReporter(None)
    caplog.set_level(logging.DEBUG, logger="mhc.drift")

    for _ in range(3):
        reporter.note(STATS, [unknown("$.loyalty_score")])

    levels = [record.levelno for record in caplog.records]
    assert levels == [logging.WARNING, logging.DEBUG, logging.DEBUG]
    assert "cb_stats GET /statsapi/ differs from its contract" in caplog.records[0].getMessage()


def test_warnings_stop_at_the_cap_when_a_service_changes_everything(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reporter = ContractDriftReporter(None, max_warnings=2)
    caplog.set_level(logging.WARNING, logger="mhc.drift")

    reporter.note(STATS, [unknown(f"$.field_{n}") for n in range(5)])

    assert len(caplog.records) == 2


async def test_a_failed_write_is_logged_and_never_raised_when_the_drift_log_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = FakeDriftLog()
    log.failing = True

    await ContractDriftReporter(log).report(STATS, [unknown("$.x")])

    assert "could not record cb_stats contract drift: StoreUnavailable" in caplog.text


class SlowDriftLog:
    """A drift log whose database never answers."""

    def __init__(self) -> None:
        self.started = 0

    async def record(self, observations: Sequence[DriftObservation]) -> None:
        self.started += 1
        await anyio.sleep_forever()


async def test_a_write_gives_up_within_its_bound_when_the_drift_log_hangs() -> None:
    slow = SlowDriftLog()
    reporter = ContractDriftReporter(slow, record_within=0.05)

    with anyio.fail_after(1.0):
        await reporter.report(STATS, [unknown("$.x")])

    assert slow.started == 1
