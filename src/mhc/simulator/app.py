"""Request handling of the simulator: routing, credential checks, faults, the long poll."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import random
import re
import threading
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, unquote

import msgspec

from mhc.simulator import statbate_views as views
from mhc.simulator.cast import Event, event_key
from mhc.simulator.config import (
    EVENTS,
    PLUS,
    PUSHOVER,
    STATBATE,
    STATS,
    Faults,
    SimulatorConfig,
)
from mhc.simulator.drift import AnswerDrift
from mhc.simulator.http11 import Request, Response
from mhc.simulator.pushover import PushoverDesk
from mhc.simulator.world import World

SITES = frozenset({"chaturbate", "stripchat", "bongacams", "camsoda", "mfc"})
BATCH_LIMIT = 100
PLUS_SESSION_COOKIE = "statbate_plus_session"
PLUS_XSRF_COOKIE = "XSRF-TOKEN"
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Login - Statbate Plus</title></head><body></body></html>"
)
_EVENTS_PATH = re.compile(r"^/events/([^/]+)/([^/]+)/?$")
_MEMBER_PATH = re.compile(r"^/api/members/([^/]+)/([^/]+)/([a-z-]+)$")
_BATCH_PATH = re.compile(r"^/api/members/([^/]+)/info/batch$")
_MODEL_PATH = re.compile(r"^/api/model/([^/]+)/([^/]+)/([a-z-]+)$")
_PLUS_CHAT_PATH = re.compile(r"^/model/([^/]+)/([^/]+)/chat$")
_PLUS_USER_PATH = "/api/user"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request the simulator answered (the events token is masked in `path`); `at` is
    `time.time()` when it arrived."""

    route: str
    method: str
    path: str
    status: int
    fault: str | None
    at: float = 0.0


@dataclass(slots=True)
class QueuedFault:
    kind: str  # "status", "drop" or "delay"
    remaining: int
    route: str | None
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0


def route_of(path: str) -> str:
    if path.startswith("/events/"):
        return EVENTS
    if path.startswith("/1/"):
        return PUSHOVER
    if path.startswith("/statsapi"):
        return STATS
    if path == _PLUS_USER_PATH or not path.startswith("/api/"):
        return PLUS
    return STATBATE


def json_response(status: int, body: Any, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, msgspec.json.encode(body), "application/json", headers or [])


class SimulatorApp:
    """The shared state of a run; every read or change of the world holds `lock`."""

    def __init__(self, config: SimulatorConfig, world: World) -> None:
        self.config = config
        self.world = world
        self.lock = threading.RLock()
        self.faults: Faults = config.faults
        self.queued: list[QueuedFault] = []
        # Per route: how its successful JSON answers drift from the contract (none by default).
        self.drifts: dict[str, AnswerDrift] = {}
        self.requests: list[RecordedRequest] = []
        self.pushover = PushoverDesk(config.pushover_token, config.pushover_user)
        self.base_url = ""
        self.events_per_second = config.events_per_second
        self._fault_rng = random.Random(config.seed + 104_729)
        self._plus_sessions = {config.plus_session_cookie}
        self._plus_xsrf = {unquote(config.plus_xsrf_token)}
        self._plus_rotation = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None

    # --- wiring to the server loop ----------------------------------------------------------

    def bind(self, loop: asyncio.AbstractEventLoop, base_url: str) -> None:
        """Called on the server loop once it listens."""
        self._loop = loop
        self._changed = asyncio.Event()
        self.base_url = base_url

    def notify(self) -> None:
        """Wake long polls waiting for events (callable from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
        self._changed = asyncio.Event()

    # --- handling ------------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        arrived = time.time()
        route = route_of(request.path)
        fault, delay = self._draw_fault(route)
        if delay > 0:
            await asyncio.sleep(delay)
        if isinstance(fault, Response):
            response = fault
        else:
            response = await self._dispatch(route, request)
            response.cut_short = fault == "drop"
            with self.lock:
                drift = self.drifts.get(route)
            if drift is not None and response.status < 300 and "json" in response.content_type:
                response.body = drift.apply(response.body)
        path = request.path
        if route == EVENTS:
            path = _EVENTS_PATH.sub(lambda m: f"/events/{m.group(1)}/***/", path)
        with self.lock:
            self.requests.append(
                RecordedRequest(
                    route,
                    request.method,
                    path,
                    response.status,
                    "drop" if response.cut_short else (None if fault is None else "status"),
                    arrived,
                )
            )
        return response

    def _draw_fault(self, route: str) -> tuple[Response | str | None, float]:
        """The fault for this request: a queued one first, else a random one; plus latency."""
        with self.lock:
            faults = self.faults
            delay = faults.latency
            for queued in self.queued:
                if queued.route not in (None, route):
                    continue
                queued.remaining -= 1
                if queued.remaining <= 0:
                    self.queued.remove(queued)
                if queued.kind == "delay":
                    return None, delay + queued.seconds
                if queued.kind == "drop":
                    return "drop", delay
                return self._failure(queued.status, queued.retry_after), delay
            if route not in faults.routes:
                return None, delay
            draw = self._fault_rng.random()
            if draw < faults.share_drop:
                return "drop", delay
            draw -= faults.share_drop
            if draw < faults.share_429:
                return self._failure(429, faults.retry_after), delay
            draw -= faults.share_429
            if draw < faults.share_5xx and faults.statuses_5xx:
                return self._failure(self._fault_rng.choice(faults.statuses_5xx), None), delay
            return None, delay

    @staticmethod
    def _failure(status: int, retry_after: float | None) -> Response:
        if status == 429:
            headers = [] if retry_after is None else [("Retry-After", f"{retry_after:g}")]
            return json_response(429, {"message": "Too Many Attempts."}, headers)
        if 520 <= status <= 524:
            # Cloudflare answers with its own HTML page, not the origin's JSON.
            page = f"<html><body><h1>Error {status}</h1><p>cloudflare</p></body></html>"
            return Response(status, page.encode(), "text/html; charset=UTF-8")
        if status >= 500:
            return json_response(status, {"message": "Server Error"})
        return json_response(status, {"error": f"simulated HTTP {status}"})

    async def _dispatch(self, route: str, request: Request) -> Response:
        if route == EVENTS:
            return await self._events(request)
        if route == STATS:
            return self._stats(request)
        if route == STATBATE:
            return self._statbate(request)
        if route == PUSHOVER:
            with self.lock:
                status, body = self.pushover.answer(request, revoked=self.faults.revoked_tokens)
            return json_response(status, body)
        return self._plus(request)

    # --- Chaturbate Events API -------------------------------------------------------------

    async def _events(self, request: Request) -> Response:
        match = _EVENTS_PATH.match(request.path)
        if match is None or request.method != "GET":
            return json_response(404, {"status": "not found"})
        username, token = match.group(1), match.group(2)
        with self.lock:
            revoked = self.faults.revoked_tokens
            broadcaster = self.world.broadcaster
        if revoked or token != self.config.events_token or username.lower() != broadcaster:
            return json_response(401, {"status": "Unauthorized"})
        try:
            timeout = min(90, max(0, int(request.query.get("timeout", "10"))))
            after = request.query.get("i")
            if after is not None:
                event_key(after)
        except ValueError:
            return json_response(400, {"status": "invalid timeout or i"})
        events = self._events_after(after)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not events and self._changed is not None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            events = self._events_after(after)
        if events:
            last = events[-1]["id"]
            body = {"events": events, "nextUrl": self._next_url(username, token, last, timeout)}
            return json_response(200, body)
        with self.lock:
            last = after or (self.world.events[-1]["id"] if self.world.events else "0-0")
        next_url = self._next_url(username, token, last, timeout)
        if timeout > 0 and self.config.timeout_answer == "waited_too_long":
            body = {"status": "waited too long for events", "nextUrl": next_url, "events": []}
            return json_response(400, body)
        return json_response(200, {"events": [], "nextUrl": next_url})

    def _events_after(self, after: str | None) -> list[Event]:
        with self.lock:
            world = self.world
            limit = self.config.max_events_per_response
            if after is None:
                return list(world.events[-min(limit, self.config.replay_count) :])
            start = bisect.bisect_right(world.event_keys, event_key(after))
            return list(world.events[start : start + limit])

    def _next_url(self, username: str, token: str, last_id: str, timeout: int) -> str:
        return f"{self.base_url}/events/{username}/{token}/?i={quote(last_id)}&timeout={timeout}"

    # --- Chaturbate Stats API --------------------------------------------------------------

    def _stats(self, request: Request) -> Response:
        if request.path.rstrip("/") != "/statsapi":
            return json_response(404, {"error": "not found"})
        unauthorized = Response(401, b"Unauthorized", "text/plain; charset=utf-8")
        with self.lock:
            if (
                request.query.get("token") != self.config.stats_token
                or request.query.get("username", "").lower() != self.world.broadcaster
            ):
                return unauthorized
            if self.faults.revoked_tokens:
                # A token that expired has been seen to answer 200 with this plain body.
                return Response(200, b"Unauthorized", "text/plain; charset=utf-8")
            return json_response(200, views.cb_stats(self.world))

    # --- Statbate Premium API --------------------------------------------------------------

    def _statbate(self, request: Request) -> Response:
        with self.lock:
            revoked = self.faults.revoked_tokens
        expected = f"Bearer {self.config.statbate_token}"
        if revoked or request.headers.get("authorization") != expected:
            return json_response(401, {"message": "Unauthenticated."})
        batch = _BATCH_PATH.match(request.path)
        if batch is not None and request.method == "POST":
            return self._statbate_batch(batch.group(1), request)
        for pattern, endpoints in (
            (_MEMBER_PATH, views.MEMBER_ENDPOINTS),
            (_MODEL_PATH, views.MODEL_ENDPOINTS),
        ):
            match = pattern.match(request.path)
            if match is None or request.method != "GET":
                continue
            site, name, endpoint = match.groups()
            handler = endpoints.get(endpoint)
            if handler is None:
                break
            if site not in SITES:
                return json_response(422, {"error": "Invalid site"})
            try:
                query = views.Query(request.query)
            except views.BadQuery as exc:
                return json_response(422, {"error": str(exc)})
            with self.lock:
                status, body = handler(self.world, name, query, site)
            return json_response(status, body)
        return json_response(404, {"error": "Not Found"})

    def _statbate_batch(self, site: str, request: Request) -> Response:
        if site not in SITES:
            return json_response(422, {"error": "Invalid site"})
        try:
            payload = msgspec.json.decode(request.body) if request.body else {}
        except msgspec.DecodeError:
            payload = {}
        names = payload.get("names") if isinstance(payload, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return json_response(422, {"error": "names array is required"})
        if len(names) > BATCH_LIMIT:
            return json_response(422, {"error": f"names array may hold at most {BATCH_LIMIT}"})
        timezone = payload.get("timezone")
        try:
            query = views.Query({"timezone": timezone} if isinstance(timezone, str) else {})
        except views.BadQuery as exc:
            return json_response(422, {"error": str(exc)})
        with self.lock:
            status, body = views.member_batch(self.world, names, query, site)
        return json_response(status, body)

    # --- Statbate Plus (browser session) ----------------------------------------------------

    def _plus(self, request: Request) -> Response:
        chat = _PLUS_CHAT_PATH.match(request.path)
        if request.method != "GET" or (chat is None and request.path != _PLUS_USER_PATH):
            return json_response(404, {"message": "Not Found"})
        cookies = request.cookies()
        with self.lock:
            faults = self.faults
            session_ok = (
                not faults.plus_session_expired
                and cookies.get(PLUS_SESSION_COOKIE) in self._plus_sessions
            )
            if not session_ok:
                return self._plus_expired(faults.plus_expired_answer)
            header = request.headers.get("x-xsrf-token")
            cookie = unquote(cookies.get(PLUS_XSRF_COOKIE, ""))
            if not header or header != cookie or header not in self._plus_xsrf:
                return json_response(419, {"message": "CSRF token mismatch."})
            if chat is None:
                body: dict[str, Any] = {"id": 1, "name": "mhc_operator", "plan": "plus"}
            else:
                site, room = chat.groups()
                if site not in SITES:
                    return json_response(404, {"message": "Not Found"})
                try:
                    query = views.Query({k: v for k, v in request.query.items() if k != "per_page"})
                    per_page = min(500, int(request.query.get("per_page") or 100))
                except (views.BadQuery, ValueError) as exc:
                    return json_response(422, {"message": str(exc)})
                body = views.chat_history(
                    self.world, room, query, request.query.get("cursor"), max(1, per_page)
                )
            cookies_out = self._rotate_plus_cookies()
        return json_response(200, body, cookies_out)

    def _rotate_plus_cookies(self) -> list[tuple[str, str]]:
        """Laravel re-issues both cookies on every answer; the old values stay valid."""
        self._plus_rotation += 1
        session = f"sim-plus-session-{self._plus_rotation}"
        xsrf = f"sim-xsrf-{self._plus_rotation}="
        if self.config.plus_strict_rotation:
            self._plus_sessions.clear()
            self._plus_xsrf.clear()
        self._plus_sessions.add(session)
        self._plus_xsrf.add(xsrf)
        attributes = "Max-Age=7200; path=/; samesite=lax"
        return [
            ("Set-Cookie", f"{PLUS_XSRF_COOKIE}={quote(xsrf)}; {attributes}"),
            ("Set-Cookie", f"{PLUS_SESSION_COOKIE}={session}; {attributes}; httponly"),
        ]

    def _plus_expired(self, answer: str) -> Response:
        if answer == "401":
            return json_response(401, {"message": "Unauthenticated."})
        if answer == "419":
            return json_response(419, {"message": "Page Expired"})
        if answer == "html":
            return Response(200, LOGIN_PAGE, "text/html; charset=UTF-8")
        return Response(
            302, LOGIN_PAGE, "text/html; charset=UTF-8", [("Location", f"{self.base_url}/login")]
        )

    # --- control (any thread) ---------------------------------------------------------------

    def set_faults(self, **changes: Any) -> Faults:
        with self.lock:
            self.faults = replace(self.faults, **changes)
            return self.faults
