"""Bodies of the connection routes (controllers/connections.py). No body ever carries a value
of a connection back: only its last four characters (`hint`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import Body
from mhc.domain.connections import (
    MAX_VALUE_LENGTH,
    VALUE_PATTERN,
    ConnectionName,
    ConnectionState,
    Outcome,
    ValueSource,
)

ConnectionValue = Annotated[
    str, msgspec.Meta(min_length=1, max_length=MAX_VALUE_LENGTH, pattern=VALUE_PATTERN)
]


class SetConnectionRequest(Body):
    """`value` is the token (for `statbate_plus` the `statbate_plus_session` cookie, for
    `pushover` the application token); `statbate_plus` also takes `xsrfToken` (the XSRF-TOKEN
    cookie as the browser holds it) and `pushover` `userKey`, and no other connection takes
    either (400 naming the field otherwise). Printable characters without spaces."""

    value: ConnectionValue
    xsrf_token: ConnectionValue | None = None
    user_key: ConnectionValue | None = None


class ConnectionPartOut(Body):
    key: str
    label: str
    # The environment variable that sets this part (and wins over the panel's value).
    env: str
    # The last four characters of the value in use (null when none is, or it is too short).
    hint: str | None


class ConnectionOut(Body):
    """A connection's state: `not_set`, `set` (not tested since), `working`, `refused`,
    `failing`, or `unreadable` (stored under another secret key). `source` says where the value
    in use comes from: `environment` wins over `panel`."""

    name: ConnectionName
    label: str
    purpose: str
    where: str
    where_url: str
    parts: list[ConnectionPartOut]
    state: ConnectionState
    source: ValueSource | None
    stored: bool
    stored_at: datetime | None
    message: str | None
    checked_at: datetime | None
    last_success_at: datetime | None
    environment_missing: list[str]


class ConnectionList(Body):
    items: list[ConnectionOut]


class ConnectionTestOut(Body):
    """What the test found: `outcome` null when this connection cannot be tested here."""

    outcome: Outcome | None
    message: str
    connection: ConnectionOut
