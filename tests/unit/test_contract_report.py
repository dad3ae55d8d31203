"""The drift report the live contract tests write: one readable section per endpoint."""

from __future__ import annotations

from datetime import UTC, datetime

from mhc.domain.contracts import shapes
from mhc.domain.contracts.report import EndpointCheck, check_answer, render_report

AT = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
STATS = {
    "username": "hudson_cage",
    "token_balance": 10336,
    "tips_in_last_hour": 120,
    "votes_up": 1314,
    "votes_down": 33,
    "satisfaction_score": 98,
    "last_broadcast": "2026-01-05T19:06:11",
    "time_online": 54,
    "num_followers": 2945,
    "num_viewers": 26,
    "num_registered_viewers": 20,
    "num_tokened_viewers": 13,
}


def test_an_endpoint_that_matches_says_so_when_its_answer_follows_the_contract() -> None:
    report = render_report([check_answer(shapes.STATS, "live", 200, STATS)], generated_at=AT)

    assert report == (
        "# Contract drift report\n\n"
        "Generated 2026-01-05T20:00:00+00:00: 1 endpoint check(s), 1 matching the contract, "
        "0 with drift, 0 skipped.\n\n"
        "## cb_stats GET /statsapi/ (live)\n\n"
        "HTTP 200 (the contract documents 200).\n\n"
        "Matches the contract.\n"
    )


def test_each_difference_is_a_table_row_when_an_answer_drifted() -> None:
    drifted = {**STATS, "num_viewers": "26", "rank": 12}
    del drifted["votes_down"]

    report = render_report([check_answer(shapes.STATS, "live", 200, drifted)], generated_at=AT)

    assert "1 endpoint check(s), 0 matching the contract, 1 with drift, 0 skipped." in report
    assert "| changed type | `$.num_viewers` | 1 | expected integer, got string |" in report
    assert "| unknown field | `$.rank` | 1 | not in the contract (came as integer) |" in report
    assert "| missing field | `$.votes_down` | 1 | required integer, absent |" in report


def test_a_skipped_endpoint_names_what_it_needs_when_its_credentials_are_missing() -> None:
    skipped = EndpointCheck(contract=shapes.EVENTS, target="live", skipped="needs CB_EVENTS_TOKEN")

    report = render_report([skipped], generated_at=AT)

    assert "0 matching the contract, 0 with drift, 1 skipped." in report
    assert (
        "## cb_events GET /events/{username}/{token}/ (live)\n\nSkipped: needs CB_EVENTS_TOKEN."
        in report
    )


def test_table_cells_stay_intact_when_a_key_holds_a_pipe() -> None:
    report = render_report(
        [check_answer(shapes.STATS, "live", 200, {**STATS, "a|b": 1})], generated_at=AT
    )

    assert '| unknown field | `$["a\\|b"]` | 1 |' in report
