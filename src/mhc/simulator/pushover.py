"""Pushover as the simulator answers it: `POST /1/messages.json` and `/1/users/validate.json`.

Both take the application token and the user key (a form body, or JSON) and answer the way
Pushover documents: 200 `{"status": 1, "request": ...}`, or 400 `{"status": 0, "errors":
[...]}` naming a refused credential (`"token": "invalid"` or `"user": "invalid"`). Messages
that get through are kept, with the time they arrived, for the tests and the benchmarks.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import msgspec

from mhc.simulator.http11 import Request

MESSAGES_PATH = "/1/messages.json"
VALIDATE_PATH = "/1/users/validate.json"
# Pushover's own limits on a message.
MAX_TITLE = 250
MAX_MESSAGE = 1024

Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PushoverMessage:
    """One message Pushover accepted; `received_at` is `time.time()` when it arrived."""

    title: str | None
    message: str
    url: str | None
    url_title: str | None
    timestamp: int | None
    received_at: float


class PushoverDesk:
    """Checks credentials and keeps what was sent (the caller holds the simulator's lock)."""

    def __init__(self, token: str, user: str) -> None:
        self.token = token
        self.user = user
        self.messages: list[PushoverMessage] = []
        self._requests = itertools.count(1)

    def answer(self, request: Request, *, revoked: bool) -> Answer:
        if request.method != "POST" or request.path not in (MESSAGES_PATH, VALIDATE_PATH):
            return 404, self._refusal(["resource not found"])
        fields = _fields(request)
        if revoked or fields.get("token") != self.token:
            return 400, self._refusal(["application token is invalid"], token="invalid")
        if fields.get("user") != self.user:
            return 400, self._refusal(
                ["user identifier is not a valid user, group, or subscribed user key"],
                user="invalid",
            )
        if request.path == VALIDATE_PATH:
            return 200, {"status": 1, "group": 0, "devices": ["sim-phone"], "request": self._id()}
        message = fields.get("message", "")
        if not message.strip():
            return 400, self._refusal(["message cannot be blank"], message="cannot be blank")
        if len(message) > MAX_MESSAGE or len(fields.get("title", "")) > MAX_TITLE:
            return 400, self._refusal(["message or title is too long"])
        timestamp = fields.get("timestamp")
        self.messages.append(
            PushoverMessage(
                title=fields.get("title"),
                message=message,
                url=fields.get("url"),
                url_title=fields.get("url_title"),
                timestamp=int(timestamp) if timestamp and timestamp.isdigit() else None,
                received_at=time.time(),
            )
        )
        return 200, {"status": 1, "request": self._id()}

    def _refusal(self, errors: list[str], **named: str) -> dict[str, Any]:
        return {**named, "errors": errors, "status": 0, "request": self._id()}

    def _id(self) -> str:
        return f"sim-{next(self._requests):08d}"


def _fields(request: Request) -> dict[str, str]:
    """The request's parameters: a form body (Pushover's usual) or a JSON object."""
    if "json" in request.headers.get("content-type", ""):
        try:
            body = msgspec.json.decode(request.body)
        except msgspec.DecodeError:
            return {}
        return {str(k): str(v) for k, v in body.items()} if isinstance(body, dict) else {}
    try:
        text = request.body.decode()
    except UnicodeDecodeError:
        return {}
    return dict(parse_qsl(text, keep_blank_values=True))
