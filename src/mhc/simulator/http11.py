"""A small HTTP/1.1 server on asyncio streams, enough for loopback clients.

Hand-written rather than ASGI because the simulator must misbehave on purpose: cut a response
in the middle of its body, hold a long poll, answer with any status. Requests carry their body
by Content-Length (no chunked uploads); connections are kept alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_BODY = 1 << 20
_EXTRA_REASONS = {
    419: "Page Expired",
    520: "Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    523: "Origin Is Unreachable",
    524: "A Timeout Occurred",
}


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def cookies(self) -> dict[str, str]:
        jar: dict[str, str] = {}
        for part in self.headers.get("cookie", "").split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name not in jar:
                jar[name] = value
        return jar


@dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: list[tuple[str, str]] = field(default_factory=list)
    # Send the head and half the body, then drop the connection.
    cut_short: bool = False


Handler = Callable[[Request], Awaitable[Response]]


def reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_REASONS.get(status, "Unknown")


class BadRequest(Exception):
    pass


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """The next request on the connection; None when the client closed it."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError:
        raise BadRequest("header section too large") from None
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, _version = lines[0].split(" ", 2)
    except ValueError:
        raise BadRequest("malformed request line") from None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        key = name.strip().lower()
        joiner = "; " if key == "cookie" else ", "
        headers[key] = f"{headers[key]}{joiner}{value.strip()}" if key in headers else value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise BadRequest("chunked request bodies are not supported")
    length = int(headers.get("content-length", "0") or "0")
    if length > MAX_BODY:
        raise BadRequest("request body too large")
    body = await reader.readexactly(length) if length else b""
    parts = urlsplit(target)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return Request(method.upper(), unquote(parts.path), query, headers, body)


def encode_response(response: Response, *, keep_alive: bool) -> bytes:
    head = [
        f"HTTP/1.1 {response.status} {reason(response.status)}",
        f"Content-Length: {len(response.body)}",
        f"Connection: {'keep-alive' if keep_alive else 'close'}",
    ]
    if response.body or response.content_type:
        head.append(f"Content-Type: {response.content_type}")
    head.extend(f"{name}: {value}" for name, value in response.headers)
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.body


async def serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, handler: Handler
) -> None:
    """Answer requests on one connection until the client leaves or a response cuts it."""
    try:
        while True:
            try:
                request = await read_request(reader)
            except BadRequest as exc:
                writer.write(
                    encode_response(
                        Response(400, str(exc).encode(), "text/plain"), keep_alive=False
                    )
                )
                await writer.drain()
                return
            if request is None:
                return
            response = await handler(request)
            keep_alive = request.headers.get("connection", "").lower() != "close"
            payload = encode_response(response, keep_alive=keep_alive)
            if response.cut_short:
                writer.write(payload[: len(payload) - max(1, len(response.body) // 2)])
                await writer.drain()
                writer.transport.abort()
                return
            writer.write(payload)
            await writer.drain()
            if not keep_alive:
                return
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        with contextlib.suppress(Exception):
            writer.close()
