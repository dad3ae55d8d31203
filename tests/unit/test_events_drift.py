"""Drift noticed while reading Events API answers: around the events (the feed) and in each
event (parsing), with the events themselves kept whatever their shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import msgspec

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.domain.contracts.findings import DriftKind
from mhc.domain.events import parse_event
from mhc.domain.models import InteractionType
from mhc.ports.ingestion import EventsCursor

BASE = "https://eventsapi.chaturbate.com"
RECEIVED = datetime(2026, 1, 5, 20, 45, tzinfo=UTC)
NEXT_URL = f"{BASE}/events/hudson_cage/s3cretEventsTok3n/?i=1767643851204-0&timeout=10"
USER = {
    "username": "big_tipper_77",
    "inFanclub": False,
    "hasTokens": True,
    "isMod": False,
    "gender": "m",
    "subgender": "",
    "recentTips": "some",
}


def read(status: int, body: dict[str, Any]) -> Any:
    # The client is never used: the answer is read, nothing is sent.
    feed = ChaturbateEventsFeed(
        httpx.AsyncClient(), broadcaster="hudson_cage", token="s3cretEventsTok3n", base_url=BASE
    )
    return feed.read_response(
        status, msgspec.json.encode(body), cursor=EventsCursor(), received_at=RECEIVED
    )


def kinds(findings: Any) -> list[tuple[DriftKind, str]]:
    return [(f.kind, f.subject) for f in findings]


def test_the_page_carries_its_drift_when_the_answer_gains_a_key() -> None:
    page = read(200, {"events": [], "nextUrl": NEXT_URL, "serverTime": 1767643200})

    assert kinds(page.drift) == [(DriftKind.UNKNOWN_FIELD, "$.serverTime")]


def test_the_page_has_no_drift_when_the_hold_ends_with_the_documented_400() -> None:
    page = read(400, {"status": "waited too long for events", "nextUrl": NEXT_URL, "events": []})

    assert page.drift == ()


def test_an_event_of_a_new_method_keeps_its_raw_payload_and_names_the_method() -> None:
    raw = {"method": "tipGoalReached", "id": "1767643851204-0", "object": {"goal": 500}}

    event = parse_event(raw, broadcaster="hudson_cage", received_at=RECEIVED)

    assert event.type is InteractionType.UNKNOWN_EVENT
    assert event.metadata["raw"] == raw
    assert kinds(event.drift) == [(DriftKind.UNKNOWN_METHOD, "tipGoalReached")]
    assert event.drift[0].example is raw


def test_a_tip_with_its_tokens_as_text_is_stored_and_its_changed_type_noted() -> None:
    raw = {
        "method": "tip",
        "id": "1767643851204-0",
        "object": {
            "broadcaster": "hudson_cage",
            "tip": {"tokens": "25", "isAnon": False, "message": ""},
            "user": USER,
        },
    }

    event = parse_event(raw, broadcaster="hudson_cage", received_at=RECEIVED)

    assert event.type is InteractionType.TIP
    assert event.metadata["tokens"] == 25
    assert kinds(event.drift) == [(DriftKind.TYPE_CHANGED, "$.events[].object.tip.tokens")]
