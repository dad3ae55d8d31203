"""What the web process trusts about a request before routing it: the client's address and
scheme behind proxies, the Host it was sent to, and the HSTS promise over https.

The client address counts failed logins and is shown in the list of open sessions, so it must
be one the client cannot choose. Each proxy appends the address it received the request from
to `X-Forwarded-For`; whatever stands left of what our own proxies appended was written by the
caller. With `hops` proxies in front (Render: its edge network, then its proxy, so 2), the
client is the `hops`-th entry from the right. Nothing else in the header is read.

The Host check keeps a page on another site from reaching a panel on 127.0.0.1 through DNS
rebinding: such a request carries the attacker's host name.
"""

from __future__ import annotations

import ipaddress

from litestar.datastructures import MutableScopeHeaders
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

# A client address longer than this is not one (IPv6 with a zone fits in 64).
MAX_CLIENT_LENGTH = 64
HSTS = "max-age=31536000"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_UNKNOWN = "unknown"
_BAD_HOST = (
    b'{"type":"urn:mhc:problem:bad-request","title":"Bad Request","status":400,'
    b'"detail":"this panel does not answer to that host name"}'
)


def client_address(peer: str | None, forwarded_for: str | None, hops: int) -> str:
    """The address of the client: the peer itself without proxies, else the entry our
    `hops` proxies vouch for (the leftmost when the header is shorter than the chain)."""
    if hops <= 0 or forwarded_for is None:
        return _bounded(peer)
    entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    if not entries:
        return _bounded(peer)
    return _bounded(entries[-hops] if len(entries) >= hops else entries[0])


def _bounded(address: str | None) -> str:
    if not address:
        return _UNKNOWN
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        # A proxy may write a host name or "unknown"; keep it, but never a long one.
        return address[:MAX_CLIENT_LENGTH] or _UNKNOWN


def loopback_bound(host: str) -> bool:
    """Whether the web process listens on a loopback address only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host of a Host header, without the port and brackets, lower case."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class EdgeMiddleware:
    """ASGI middleware: fixes `client` and `scheme` from the trusted proxies, refuses unknown
    Host names (when `allowed_hosts` is not empty) and adds HSTS to https answers."""

    def __init__(self, app: ASGIApp, *, hops: int = 0, allowed_hosts: tuple[str, ...] = ()) -> None:
        self.app = app
        self.hops = hops
        self.allowed = frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = MutableScopeHeaders(scope=scope)
        if self.allowed and host_name(headers.get("host") or "") not in self.allowed:
            await _refuse(send)
            return
        peer = scope.get("client")
        address = client_address(
            peer[0] if peer else None, headers.get("x-forwarded-for"), self.hops
        )
        # Changed in place: Litestar hands the same scope to every later layer.
        scope["client"] = (address, peer[1] if peer else 0)
        if self.hops > 0:
            proto = (headers.get("x-forwarded-proto") or "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
        if scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message).setdefault(
                    "Strict-Transport-Security", HSTS
                )
            await send(message)

        await self.app(scope, receive, send_with_hsts)


async def _refuse(send: Send) -> None:
    await send_problem(send, 400, _BAD_HOST)


async def send_problem(
    send: Send, status: int, body: bytes, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    """Answer with a ready-made problem body, below Litestar (in an ASGI middleware)."""
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
    }
    await send(start)
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(end)
