"""The contract drift section of `mhc worker --check`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mhc.domain.contracts.findings import DriftKind
from mhc.entrypoints.commands.worker import describe_drift
from mhc.ports.drift import DriftEntry
from mhc.ports.read_models import Page

NOW = datetime(2026, 1, 5, 21, 0, tzinfo=UTC)


def entry(subject: str, *, count: int = 1, minutes_ago: int = 3) -> DriftEntry:
    return DriftEntry(
        id=1,
        service="cb_events",
        endpoint="GET /events/{username}/{token}/",
        kind=DriftKind.UNKNOWN_FIELD,
        subject=subject,
        detail="not in the contract (came as integer)",
        count=count,
        first_seen_at=NOW - timedelta(hours=2),
        last_seen_at=NOW - timedelta(minutes=minutes_ago),
        example={"age": 31},
    )


def test_the_section_says_the_contracts_hold_when_no_drift_was_seen() -> None:
    page: Page[DriftEntry] = Page(items=[], total=0, limit=20, offset=0)

    assert describe_drift(page, now=NOW) == (
        "contract drift: none seen (the services answer as their contracts say)"
    )


def test_each_difference_is_a_line_with_its_count_and_age_when_drift_was_seen() -> None:
    page = Page(items=[entry("$.events[].object.user.age", count=412)], total=1, limit=20, offset=0)

    lines = describe_drift(page, now=NOW).splitlines()

    assert lines[0].startswith("contract drift: 1 difference(s)")
    assert lines[1] == (
        "  cb_events GET /events/{username}/{token}/: unknown_field $.events[].object.user.age "
        "(not in the contract (came as integer)), seen 412x, last 3m ago"
    )


def test_the_rest_is_counted_when_more_was_seen_than_the_section_shows() -> None:
    page = Page(items=[entry("$.a"), entry("$.b")], total=7, limit=2, offset=0)

    assert describe_drift(page, now=NOW).splitlines()[-1] == "  ... and 5 more"


def test_the_section_says_why_when_the_log_could_not_be_read() -> None:
    assert describe_drift("unreadable (UndefinedTable)", now=NOW) == (
        "contract drift: unreadable (UndefinedTable)"
    )
