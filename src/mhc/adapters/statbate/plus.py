"""Statbate Plus chat history through a logged-in browser session (cookies, never HTML).

ASSUMPTION: Statbate documents chat endpoints but publishes no schema for them. The paths,
query parameters and field names the panel uses are all in `CHAT_HISTORY_CONTRACT` below and
nowhere else; when the real endpoint turns out different, change that one value (or pass
another `ChatHistoryContract` to the session).

The session is Laravel's: the `statbate_plus_session` and `XSRF-TOKEN` cookies go out with each
call, the URL-decoded `XSRF-TOKEN` goes out again as the `X-XSRF-TOKEN` header, and both are
taken back from every `Set-Cookie`. A redirect, 401, 419 or an HTML page means the session has
expired: ExternalAuthError, no retry.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import quote, unquote

import anyio
import httpx

from mhc.adapters.resilience import ResilientHttp, Sleep, TokenBucket
from mhc.adapters.statbate.premium import REQUESTS_PER_MINUTE, format_range_bound
from mhc.domain.contracts.compare import (
    BOOLEAN,
    INTEGER,
    NULL,
    STRING,
    Arr,
    EndpointContract,
    Obj,
    Shape,
    of,
)
from mhc.domain.contracts.findings import decode_failure
from mhc.domain.errors import ExternalAuthError, ExternalServiceError
from mhc.domain.retry import RetryPolicy
from mhc.ports.drift import DriftReporter
from mhc.ports.gateways import ChatHistoryMessage, ChatPage
from mhc.ports.operations import FailureLog

SERVICE = "statbate_plus"
DEFAULT_BASE_URL = "https://plus.statbate.com"
SESSION_COOKIE = "statbate_plus_session"
XSRF_COOKIE = "XSRF-TOKEN"
# The session cookie and the XSRF token in use now, or None while no session is set.
SessionProvider = Callable[[], Awaitable[tuple[str, str] | None]]
_RENEW = "sign in to Statbate Plus again and set its cookies on the Connections page (or "
_RENEW += "STATBATE_PLUS_SESSION_COOKIE and STATBATE_PLUS_XSRF_TOKEN)"


@dataclass(frozen=True, slots=True)
class ChatHistoryContract:
    """Where the chat history lives and what its JSON fields are called (an assumption)."""

    chat_path: str = "/model/{site}/{name}/chat"
    session_path: str = "/api/user"
    since_param: str = "range[0]"
    until_param: str = "range[1]"
    cursor_param: str = "cursor"
    page_param: str = "page"
    per_page_param: str = "per_page"
    per_page: int = 100
    items_key: str = "data"
    next_cursor_keys: tuple[str, ...] = ("meta", "next_cursor")
    id_field: str = "id"
    sender_field: str = "username"
    text_field: str = "message"
    time_field: str = "created_at"
    private_field: str = "private"


CHAT_HISTORY_CONTRACT = ChatHistoryContract()


def chat_history_endpoint(
    contract: ChatHistoryContract = CHAT_HISTORY_CONTRACT,
) -> EndpointContract:
    """The chat-history answer's shape as `contract` maps it, for drift checks."""
    item = Obj(
        {
            contract.id_field: of(INTEGER, STRING),
            contract.sender_field: of(STRING),
            contract.text_field: of(STRING, NULL),
            contract.time_field: of(STRING, INTEGER),
        },
        # The room the line was said in, and whether it was private, when the answer says so.
        optional={"model": of(STRING), contract.private_field: of(BOOLEAN)},
    )
    cursor: Shape = of(STRING, INTEGER, NULL)
    outer_keys, cursor_key = contract.next_cursor_keys[:-1], contract.next_cursor_keys[-1]
    meta: Shape = Obj({}, optional={cursor_key: cursor, contract.per_page_param: of(INTEGER)})
    for key in reversed(outer_keys[1:]):
        meta = Obj({}, optional={key: meta})
    fields: dict[str, Shape] = {contract.items_key: Arr(item)}
    optional: dict[str, Shape] = {outer_keys[0]: meta} if outer_keys else {cursor_key: cursor}
    return EndpointContract(
        SERVICE,
        "chat",
        f"GET {contract.chat_path}",
        {200: Obj(fields, optional=optional)},
    )


class StatbatePlusSession:
    """Implements ChatHistoryGateway with a browser session's cookies."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        session_cookie: str | None = None,
        xsrf_token: str | None = None,
        credentials: SessionProvider | None = None,
        base_url: str = DEFAULT_BASE_URL,
        site: str = "chaturbate",
        contract: ChatHistoryContract = CHAT_HISTORY_CONTRACT,
        failure_log: FailureLog | None = None,
        policy: RetryPolicy | None = None,
        limiter: TokenBucket | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        drift: DriftReporter | None = None,
    ) -> None:
        self._session_cookie = session_cookie
        # Kept as the browser holds it (URL-encoded); the header carries the decoded value.
        self._xsrf_cookie = xsrf_token
        # Asked for before each request when given: cookies set on the panel replace the ones
        # in hand (and the ones the service rotated since), other ones are left alone.
        self._credentials = credentials
        self._configured: tuple[str, str] | None = (
            (session_cookie, xsrf_token) if session_cookie and xsrf_token else None
        )
        self._base_url = base_url.rstrip("/")
        self._site = site
        self._contract = contract
        self._http = ResilientHttp(
            client,
            service=SERVICE,
            failure_log=failure_log,
            policy=policy,
            sleep=sleep,
            rng=rng,
            drift=drift,
        )
        self._endpoint_contract = chat_history_endpoint(contract)
        # The default limiter runs on real time even when `sleep` is a test's fake.
        self._limiter = limiter or TokenBucket.per_minute(REQUESTS_PER_MINUTE)

    async def authenticate(self) -> None:
        path = self._contract.session_path
        response = await self._send(path, {})
        endpoint = f"GET {path}"
        if response is None:
            raise await self._http.recorded(
                ExternalServiceError(
                    SERVICE, f"the session check endpoint {path} does not exist", status=404
                ),
                endpoint,
            )
        await self._http.read_object(response, endpoint=endpoint)

    async def get_chat_history(
        self,
        model_name: str,
        since: datetime | None = None,
        until: datetime | None = None,
        cursor: str | None = None,
        page: int | None = None,
    ) -> ChatPage | None:
        contract = self._contract
        path = contract.chat_path.format(site=self._site, name=quote(model_name, safe=""))
        params: dict[str, str | int] = {contract.per_page_param: contract.per_page}
        if since is not None:
            params[contract.since_param] = format_range_bound(since)
        if until is not None:
            params[contract.until_param] = format_range_bound(until)
        if cursor is not None:
            params[contract.cursor_param] = cursor
        if page is not None:
            params[contract.page_param] = page
        response = await self._send(path, params, checked=True)
        if response is None:
            return None
        endpoint = f"GET {path}"
        body = await self._http.read_object(
            response,
            endpoint=endpoint,
            contract=self._endpoint_contract,
            secrets=self._cookie_values(),
        )
        try:
            return parse_chat_page(body, model_name, contract)
        except ValueError as exc:
            await self._http.report_drift(
                self._endpoint_contract,
                [decode_failure("$", str(exc), body)],
                secrets=self._cookie_values(),
            )
            raise await self._http.recorded(
                ExternalServiceError(SERVICE, str(exc)), endpoint
            ) from None

    async def iter_chat_history(
        self,
        model_name: str,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AsyncIterator[ChatHistoryMessage]:
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            page = await self.get_chat_history(model_name, since, until, cursor=cursor)
            if page is None:
                return
            for message in page.messages:
                yield message
            if not page.next_cursor or not page.messages or page.next_cursor in seen:
                return
            seen.add(page.next_cursor)
            cursor = page.next_cursor

    async def _send(
        self, path: str, params: Mapping[str, str | int], *, checked: bool = False
    ) -> httpx.Response | None:
        if self._credentials is not None:
            configured = await self._credentials()
            if configured != self._configured:
                self._configured = configured
                self._session_cookie, self._xsrf_cookie = configured or (None, None)
        if not self._session_cookie or not self._xsrf_cookie:
            raise ExternalAuthError(
                SERVICE,
                "no Statbate Plus session is set (Connections page, or "
                "STATBATE_PLUS_SESSION_COOKIE and STATBATE_PLUS_XSRF_TOKEN)",
            )
        xsrf_header = unquote(self._xsrf_cookie)
        headers = {
            "Accept": "application/json",
            "X-Requested-With": "XMLHttpRequest",
            "X-XSRF-TOKEN": xsrf_header,
            "Cookie": f"{SESSION_COOKIE}={self._session_cookie}; {XSRF_COOKIE}={self._xsrf_cookie}",
        }
        response = await self._http.request(
            "GET",
            self._base_url + path,
            endpoint=f"GET {path}",
            params=params,
            headers=headers,
            limiter=self._limiter,
            auth_statuses=frozenset({419}),
            auth_probe=_session_expired,
            secrets=(self._session_cookie, self._xsrf_cookie, xsrf_header),
            contract=self._endpoint_contract if checked else None,
        )
        if response is not None:
            self._take_cookies(response)
        return response

    def _cookie_values(self) -> tuple[str, ...]:
        values = (self._session_cookie, self._xsrf_cookie)
        return tuple(v for v in (*values, *(unquote(v) for v in values if v)) if v)

    def _take_cookies(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(header)
            except CookieError:
                continue
            if (morsel := jar.get(SESSION_COOKIE)) is not None and morsel.value:
                self._session_cookie = morsel.value
            if (morsel := jar.get(XSRF_COOKIE)) is not None and morsel.value:
                self._xsrf_cookie = morsel.value


def _session_expired(response: httpx.Response) -> str | None:
    status = response.status_code
    if 300 <= status < 400:
        where = "the login page" if "login" in response.headers.get("location", "") else "a page"
        return f"Statbate Plus session expired: redirected to {where}; {_RENEW}"
    if status in (401, 419):
        return f"Statbate Plus session expired (HTTP {status}); {_RENEW}"
    if status < 500 and status != 429 and _looks_like_html(response):
        return (
            "Statbate Plus session expired or the chat endpoint changed: "
            f"got an HTML page instead of JSON (HTTP {status}); {_RENEW}"
        )
    return None


def _looks_like_html(response: httpx.Response) -> bool:
    if "html" in response.headers.get("content-type", "").lower():
        return True
    return response.content[:64].lstrip().startswith(b"<")


def parse_chat_page(
    body: Mapping[str, Any], room: str, contract: ChatHistoryContract = CHAT_HISTORY_CONTRACT
) -> ChatPage:
    """Map one chat-history answer through the contract; ValueError when it does not fit."""
    items = body.get(contract.items_key)
    if not isinstance(items, list):
        raise ValueError(f"chat history answer has no `{contract.items_key}` list")
    messages = []
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"chat history item {position} is not an object")
        sender = item.get(contract.sender_field)
        sent_at = _moment(item.get(contract.time_field))
        if not isinstance(sender, str) or not sender or sent_at is None:
            raise ValueError(
                f"chat history item {position} lacks `{contract.sender_field}` or a readable "
                f"`{contract.time_field}`"
            )
        message_id = item.get(contract.id_field)
        text = item.get(contract.text_field)
        messages.append(
            ChatHistoryMessage(
                room=room.lower(),
                username=sender.lower(),
                text=text if isinstance(text, str) else "",
                sent_at=sent_at,
                message_id=None if message_id is None else str(message_id),
                is_private=item.get(contract.private_field) is True,
                raw=item,
            )
        )
    cursor: Any = body
    for key in contract.next_cursor_keys:
        cursor = cursor.get(key) if isinstance(cursor, dict) else None
    return ChatPage(
        messages=messages,
        next_cursor=None if cursor in (None, "") else str(cursor),
        raw=dict(body),
    )


def _moment(value: Any) -> datetime | None:
    """An aware UTC datetime from ISO text (naive = UTC) or epoch seconds/milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return None
