"""Recorded answers (masked, committed under payloads/) against the contracts, and the drift
report for hand-made drifted copies of them: the comparison the live run relies on, tested."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from mhc.domain.contracts import shapes
from mhc.domain.contracts.report import check_answer, render_report
from mhc.entrypoints.contract_probe import PROBES, RecordedAnswer, find_contract

PAYLOADS = Path(__file__).parent / "payloads"
RECORDED = sorted(PAYLOADS.glob("*/*.json"))
AT = datetime(2026, 1, 5, 21, 0, tzinfo=UTC)


def load(relative: str) -> RecordedAnswer:
    return msgspec.json.decode((PAYLOADS / relative).read_bytes(), type=RecordedAnswer)


def body_of(relative: str) -> Any:
    return copy.deepcopy(load(relative).body)


@pytest.mark.parametrize("path", RECORDED, ids=[f"{p.parent.name}-{p.stem}" for p in RECORDED])
def test_a_recorded_answer_matches_its_contract_when_the_service_has_not_changed(
    path: Path,
) -> None:
    answer = msgspec.json.decode(path.read_bytes(), type=RecordedAnswer)
    contract = find_contract(answer.service, answer.name)

    check = check_answer(contract, path.name, answer.status, answer.body)

    assert (answer.service, answer.name) == (path.parent.name, path.stem)
    assert answer.endpoint == contract.endpoint
    assert check.findings == ()


def test_every_endpoint_the_panel_reads_has_a_recorded_answer_when_the_tests_run() -> None:
    recorded = {(path.parent.name, path.stem) for path in RECORDED}

    assert recorded == {(p.contract.service, p.contract.name) for p in PROBES}


def test_the_report_lists_each_kind_of_drift_when_a_recorded_event_page_drifted() -> None:
    page = body_of("cb_events/events.json")
    page["events"][2]["object"]["user"]["age"] = 31
    del page["events"][1]["object"]["message"]["font"]
    page["events"][2]["object"]["tip"]["tokens"] = "25"
    page["events"].append(
        {"method": "tipGoalReached", "id": "1767643911000-0", "object": {"goal": 500}}
    )

    report = render_report(
        [check_answer(shapes.EVENTS, "recorded, drifted", 200, page)], generated_at=AT
    )

    assert report.splitlines()[2:] == [
        "Generated 2026-01-05T21:00:00+00:00: 1 endpoint check(s), 0 matching the contract, "
        "1 with drift, 0 skipped.",
        "",
        "## cb_events GET /events/{username}/{token}/ (recorded, drifted)",
        "",
        "HTTP 200 (the contract documents 200, 400).",
        "",
        "| difference | where | count | detail |",
        "|---|---|---|---|",
        "| missing field | `$.events[].object.message.font` | 1 | required string, absent |",
        "| changed type | `$.events[].object.tip.tokens` | 1 | expected integer, got string |",
        "| unknown field | `$.events[].object.user.age` | 1 "
        "| not in the contract (came as integer) |",
        "| unknown method | `tipGoalReached` | 1 "
        "| method 'tipGoalReached' is not in the contract |",
    ]


def test_the_report_counts_a_difference_once_per_item_when_every_item_drifted() -> None:
    answer = body_of("statbate/member-top-models.json")
    for model in answer["data"]:
        model["followers"] = 1200

    report = render_report(
        [check_answer(shapes.MEMBER_TOP_MODELS, "recorded", 200, answer)], generated_at=AT
    )

    assert (
        "| unknown field | `$.data[].followers` | 2 | not in the contract (came as integer) |"
        in (report)
    )


def test_the_report_names_the_status_when_a_service_answers_with_an_undocumented_one() -> None:
    report = render_report(
        [check_answer(shapes.MEMBER_INFO, "recorded", 418, {"error": "I'm a teapot"})],
        generated_at=AT,
    )

    assert "HTTP 418 (the contract documents 200, 404, 422)." in report
    assert "| unexpected status | `HTTP 418` | 1 | the contract documents HTTP 200, 404, 422 |" in (
        report
    )


def test_a_member_answer_drifts_when_statbate_renames_a_field() -> None:
    answer = body_of("statbate/member-info.json")
    answer["data"]["lifetime_tokens"] = answer["data"].pop("all_time_tokens")

    findings = check_answer(shapes.MEMBER_INFO, "recorded", 200, answer).findings

    assert [(f.kind.value, f.subject) for f in findings] == [
        ("unknown_field", "$.data.lifetime_tokens"),
        ("missing_field", "$.data.all_time_tokens"),
    ]
