"""The Events API client's reading of answers: statuses, nextUrl, and where the token goes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import msgspec
import pytest

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.resilience import build_http_client
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited
from mhc.ports.ingestion import EventsCursor, FeedPage

TOKEN = "s3cretEventsTok3n"
BASE = "https://eventsapi.chaturbate.com"
RECEIVED = datetime(2025, 8, 16, 20, 45, tzinfo=UTC)
TIP = {
    "method": "tip",
    "id": "1755376889458-0",
    "object": {"broadcaster": "hudson_cage", "tip": {"tokens": 25}, "user": {"username": "a_b"}},
}


@pytest.fixture
def feed() -> ChaturbateEventsFeed:
    # The client is never used: these tests read answers, they send nothing.
    return ChaturbateEventsFeed(
        build_http_client(), broadcaster="hudson_cage", token=TOKEN, base_url=BASE
    )


def read(
    feed: ChaturbateEventsFeed, status: int, body: object, retry_after: str | None = None
) -> FeedPage:
    raw = body if isinstance(body, bytes) else msgspec.json.encode(body)
    return feed.read_response(
        status,
        raw,
        cursor=EventsCursor(last_event_id="1755376880000-0"),
        received_at=RECEIVED,
        retry_after=retry_after,
    )


def test_url_is_built_from_configuration_and_cursor_when_resuming(
    feed: ChaturbateEventsFeed,
) -> None:
    url = feed.url_for(EventsCursor(last_event_id="1755376889458-0", timeout_seconds=30))

    assert url == f"{BASE}/events/hudson_cage/{TOKEN}/?i=1755376889458-0&timeout=30"


def test_url_asks_for_latest_events_when_there_is_no_cursor(feed: ChaturbateEventsFeed) -> None:
    assert feed.url_for(EventsCursor()) == f"{BASE}/events/hudson_cage/{TOKEN}/?timeout=10"


def test_page_carries_events_and_position_of_next_url_when_answer_is_200(
    feed: ChaturbateEventsFeed,
) -> None:
    next_url = f"{BASE}/events/hudson_cage/{TOKEN}/?i=1755376889458-0&timeout=10"

    page = read(feed, 200, {"events": [TIP], "nextUrl": next_url})

    assert page.events == [TIP]
    assert page.next_cursor == EventsCursor(last_event_id="1755376889458-0", timeout_seconds=10)
    assert page.received_at == RECEIVED


def test_waited_too_long_is_an_empty_page_when_answer_is_400_with_next_url(
    feed: ChaturbateEventsFeed,
) -> None:
    body = {
        "status": "waited too long for events",
        "nextUrl": f"{BASE}/events/hudson_cage/{TOKEN}/?i=1755376880000-0&timeout=10",
        "events": [],
    }

    page = read(feed, 400, body)

    assert page.events == []
    assert page.next_cursor.last_event_id == "1755376880000-0"


def test_foreign_next_url_host_is_reported_and_never_followed_when_it_differs(
    feed: ChaturbateEventsFeed, caplog: pytest.LogCaptureFixture
) -> None:
    foreign = f"https://evil.example.net/events/hudson_cage/{TOKEN}/?i=1755376889458-0&timeout=10"

    with caplog.at_level(logging.WARNING):
        page = read(feed, 200, {"events": [TIP], "nextUrl": foreign})

    assert "evil.example.net" in caplog.text
    assert TOKEN not in caplog.text
    next_request = feed.url_for(page.next_cursor)
    assert next_request.startswith(f"{BASE}/events/")
    assert "evil.example.net" not in next_request


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_raises_auth_error_without_the_token_when_status_is_401_or_403(
    feed: ChaturbateEventsFeed, status: int
) -> None:
    with pytest.raises(ExternalAuthError) as raised:
        read(feed, status, {"status": "Unauthorized"})

    assert raised.value.status == status
    assert TOKEN not in str(raised.value)


def test_rate_limit_carries_retry_after_when_status_is_429(feed: ChaturbateEventsFeed) -> None:
    with pytest.raises(RateLimited) as raised:
        read(feed, 429, {"message": "Too Many Attempts."}, retry_after="7")

    assert raised.value.retry_after == 7.0


@pytest.mark.parametrize("status", [500, 502, 503, 504, 520, 521, 522, 523, 524])
def test_server_trouble_is_a_service_error_when_status_is_5xx(
    feed: ChaturbateEventsFeed, status: int
) -> None:
    with pytest.raises(ExternalServiceError) as raised:
        read(feed, status, b"<html><body>cloudflare</body></html>")

    assert raised.value.status == status
    assert not isinstance(raised.value, ExternalAuthError | RateLimited)


def test_body_that_is_not_json_is_a_service_error_when_status_is_200(
    feed: ChaturbateEventsFeed,
) -> None:
    with pytest.raises(ExternalServiceError):
        read(feed, 200, b"<html>maintenance</html>")


def test_error_excerpt_never_echoes_the_token_when_the_server_does(
    feed: ChaturbateEventsFeed,
) -> None:
    with pytest.raises(ExternalServiceError) as raised:
        read(feed, 404, {"status": f"no room for /events/hudson_cage/{TOKEN}/"})

    assert TOKEN not in str(raised.value)


def test_lone_surrogates_in_a_chat_line_still_decode_when_msgspec_refuses_them(
    feed: ChaturbateEventsFeed,
) -> None:
    body = (
        b'{"events": [{"method": "chatMessage", "id": "1755376889458-0", "object": '
        b'{"message": {"message": "broken \\ud800 emoji"}, "user": {"username": "a_b"}}}], '
        b'"nextUrl": "' + f"{BASE}/events/hudson_cage/{TOKEN}/?i=1755376889458-0".encode() + b'"}'
    )

    page = read(feed, 200, body)

    assert page.events[0]["object"]["message"]["message"] == "broken \ud800 emoji"


def test_position_falls_back_to_the_last_event_id_when_next_url_has_no_i(
    feed: ChaturbateEventsFeed,
) -> None:
    page = read(feed, 200, {"events": [TIP], "nextUrl": f"{BASE}/events/hudson_cage/{TOKEN}/"})

    assert page.next_cursor.last_event_id == "1755376889458-0"
