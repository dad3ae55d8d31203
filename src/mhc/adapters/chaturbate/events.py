"""Chaturbate Events API longpoll client: one request per `poll`, outcomes as domain errors.

The URL is always rebuilt from configuration (base URL, broadcaster, token) and the stored
cursor (`i`, `timeout`), so the token goes to the configured host and nowhere else: a
`nextUrl` is only read for its position, and one that names another host is reported.
Retrying is the caller's business (the worker backs off forever); this client never retries.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import httpx
import msgspec

from mhc.adapters.resilience import TokenBucket, redact, retry_after_seconds
from mhc.domain.contracts.compare import NOT_DRIFT_STATUSES
from mhc.domain.contracts.findings import Finding, not_json
from mhc.domain.contracts.shapes import EVENTS_ENVELOPE
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited
from mhc.ports.drift import DriftReporter
from mhc.ports.ingestion import EventsCursor, FeedPage

log = logging.getLogger(__name__)

SERVICE = "cb_events"
DEFAULT_BASE_URL = "https://eventsapi.chaturbate.com"
REQUESTS_PER_MINUTE = 2000
MAX_TIMEOUT = 90
DEFAULT_TIMEOUT = 10
# The server holds the request up to `timeout` seconds; the read may take a little longer.
READ_MARGIN = 10.0
CONNECT_TIMEOUT = 10.0
_EXCERPT = 160

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ChaturbateEventsFeed:
    """Implements EventsFeed for one broadcaster and token."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        broadcaster: str,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        limiter: TokenBucket | None = None,
        now: Now = _utc_now,
        drift: DriftReporter | None = None,
    ) -> None:
        if not token:
            raise ValueError("an Events API feed needs a token")
        self._client = client
        self._broadcaster = broadcaster
        self._token = token
        self._base = base_url.rstrip("/")
        base = urlsplit(self._base)
        self._origin = (base.scheme, base.hostname, base.port)
        self._limiter = limiter or TokenBucket.per_minute(REQUESTS_PER_MINUTE)
        self._now = now
        self._foreign_hosts_reported: set[str] = set()
        self._drift = drift
        self.endpoint = f"GET /events/{broadcaster}/***/"

    def url_for(self, cursor: EventsCursor) -> str:
        """The request URL for `cursor`: configured host, broadcaster and token, never another."""
        path = f"/events/{quote(self._broadcaster, safe='')}/{quote(self._token, safe='')}/"
        query = f"timeout={_clamp_timeout(cursor.timeout_seconds)}"
        if cursor.last_event_id is not None:
            query = f"i={quote(cursor.last_event_id, safe='')}&{query}"
        return f"{self._base}{path}?{query}"

    async def poll(self, cursor: EventsCursor) -> FeedPage:
        await self._limiter.acquire()
        timeout = httpx.Timeout(
            CONNECT_TIMEOUT, read=_clamp_timeout(cursor.timeout_seconds) + READ_MARGIN
        )
        requested_at = self._now()
        try:
            response = await self._client.get(
                self.url_for(cursor), timeout=timeout, headers={"Accept": "application/json"}
            )
        except httpx.TimeoutException:
            raise ExternalServiceError(SERVICE, "the longpoll timed out") from None
        except httpx.HTTPError as exc:
            # Not chained: the library's exception carries the request URL, token included.
            raise ExternalServiceError(
                SERVICE, f"connection failed ({type(exc).__name__})"
            ) from None
        try:
            page = self.read_response(
                response.status_code,
                response.content,
                cursor=cursor,
                received_at=self._now(),
                retry_after=response.headers.get("Retry-After"),
            )
        except ExternalServiceError:
            await self._report_refused_answer(response.status_code, response.content)
            raise
        return msgspec.structs.replace(page, requested_at=requested_at)

    def read_response(
        self,
        status: int,
        body: bytes,
        *,
        cursor: EventsCursor,
        received_at: datetime,
        retry_after: str | None = None,
    ) -> FeedPage:
        """Turn one HTTP answer into a page, or raise the domain error it means."""
        if status in (401, 403):
            raise ExternalAuthError(
                SERVICE,
                f"the Events API refused the token (HTTP {status}); set a new one on the "
                "Connections page (or CB_EVENTS_TOKEN)",
                status=status,
            )
        if status == 429:
            raise RateLimited(
                SERVICE, "rate limited (HTTP 429)", retry_after=retry_after_seconds(retry_after)
            )
        # 400 with a nextUrl is the server's "waited too long for events": not an error.
        if status in (200, 400):
            document = _decode(body)
            if isinstance(document, dict) and (
                isinstance(document.get("nextUrl"), str)
                or (status == 200 and isinstance(document.get("events"), list))
            ):
                return self._page(document, cursor, received_at, status)
            if status == 200:
                raise ExternalServiceError(
                    SERVICE, "answered HTTP 200 without events or a nextUrl", status=status
                )
        detail = self._excerpt(body)
        raise ExternalServiceError(
            SERVICE, f"HTTP {status}" + (f": {detail}" if detail else ""), status=status
        )

    def _page(
        self, document: dict[str, Any], cursor: EventsCursor, received_at: datetime, status: int
    ) -> FeedPage:
        drift = tuple(EVENTS_ENVELOPE.check(status, document))
        events = document.get("events")
        if not isinstance(events, list):
            # An odd `events` is still events: stored raw rather than dropped.
            events = [] if events is None else [events]
        next_url = document.get("nextUrl")
        next_cursor = self._cursor_from(
            next_url if isinstance(next_url, str) else "", cursor, events
        )
        return FeedPage(
            events=events, next_cursor=next_cursor, received_at=received_at, drift=drift
        )

    async def _report_refused_answer(self, status: int, body: bytes) -> None:
        """Record as drift an answer the feed could not use, unless its status explains it."""
        if self._drift is None or status in NOT_DRIFT_STATUSES:
            return
        document = _decode(body)
        findings: list[Finding] = (
            [not_json(body)] if document is None else EVENTS_ENVELOPE.check(status, document)
        )
        await self._drift.report(EVENTS_ENVELOPE, findings, secrets=(self._token,))

    def _cursor_from(self, next_url: str, cursor: EventsCursor, events: list[Any]) -> EventsCursor:
        """The position (`i`, `timeout`) a nextUrl points at; its host is checked, not followed."""
        parts = urlsplit(urljoin(self._base + "/", next_url))
        if next_url and (parts.scheme, parts.hostname, parts.port) != self._origin:
            host = parts.hostname or "?"
            if host not in self._foreign_hosts_reported:
                self._foreign_hosts_reported.add(host)
                log.warning(
                    "the Events API's nextUrl points at %s, not the configured host: the token "
                    "is only sent to the configured host, from the position nextUrl names",
                    host,
                )
        query = parse_qs(parts.query)
        last_event_id = _first(query.get("i"))
        if last_event_id is None:
            last_event_id = _last_event_id(events) or cursor.last_event_id
        timeout = _first(query.get("timeout"))
        timeout_seconds = (
            _clamp_timeout(int(timeout))
            if timeout is not None and timeout.isdigit()
            else cursor.timeout_seconds
        )
        return EventsCursor(last_event_id=last_event_id, timeout_seconds=timeout_seconds)

    def _excerpt(self, body: bytes) -> str:
        document = _decode(body)
        if isinstance(document, dict):
            for key in ("status", "error", "message", "detail"):
                value = document.get(key)
                if isinstance(value, str) and value:
                    return redact(value[:_EXCERPT], (self._token,))
        return ""


def _decode(body: bytes) -> Any:
    """The JSON of a body, or None when it is not JSON."""
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError:
        pass
    # The standard library also reads what msgspec refuses and a chat line may hold: lone
    # surrogate escapes, numbers beyond a double's range.
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _last_event_id(events: list[Any]) -> str | None:
    for event in reversed(events):
        if isinstance(event, dict) and isinstance(event.get("id"), str) and event["id"]:
            return str(event["id"])
    return None


def _clamp_timeout(seconds: int) -> int:
    return max(0, min(MAX_TIMEOUT, seconds))
