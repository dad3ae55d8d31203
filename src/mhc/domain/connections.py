"""The panel's connections to outside services: what each one needs, where its value comes
from, and how it last fared.

A connection is one credential of one service, made of one or two parts (Statbate Plus needs
a session cookie and an XSRF token, Pushover an application token and a user key). Its value
comes from the environment when every part is set there, otherwise from the panel (stored
encrypted), otherwise it is not set. What the panel shows of a value is its last four
characters, never more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

import msgspec

from mhc.domain.errors import InvalidInput


class ConnectionName(StrEnum):
    CB_EVENTS = "cb_events"
    CB_STATS = "cb_stats"
    STATBATE = "statbate"
    STATBATE_PLUS = "statbate_plus"
    PUSHOVER = "pushover"


class ValueSource(StrEnum):
    ENVIRONMENT = "environment"
    PANEL = "panel"


class ConnectionState(StrEnum):
    NOT_SET = "not_set"
    # Set, and not used or tested since it was.
    SET = "set"
    WORKING = "working"
    REFUSED = "refused"
    FAILING = "failing"
    # Stored under another MHC_SECRET_KEY: it cannot be read until it is set again (or rekeyed).
    UNREADABLE = "unreadable"


class Outcome(StrEnum):
    """What a check or a real call found out about a value."""

    WORKING = "working"
    REFUSED = "refused"
    FAILING = "failing"


class Part(msgspec.Struct, frozen=True, kw_only=True):
    """One part of a connection's value; `key` names it in the API's `value` object."""

    key: str
    label: str
    env: str


class ConnectionSpec(msgspec.Struct, frozen=True, kw_only=True):
    name: ConnectionName
    label: str
    parts: tuple[Part, ...]
    # What works with it, and what stops without it, in the owner's words.
    purpose: str
    # Where the owner creates the value.
    where: str
    where_url: str


SPECS: dict[ConnectionName, ConnectionSpec] = {
    spec.name: spec
    for spec in (
        ConnectionSpec(
            name=ConnectionName.CB_EVENTS,
            label="Chaturbate Events API",
            parts=(Part(key="token", label="Events API token", env="CB_EVENTS_TOKEN"),),
            purpose="Records everything that happens in the room as it happens: chat, tips, "
            "follows, visitors, sessions, the Radar.",
            where="On Chaturbate, logged in as the broadcaster: Settings > Token Auth, a token "
            "with the Events API scope.",
            where_url="https://chaturbate.com/statsapi/authtoken/",
        ),
        ConnectionSpec(
            name=ConnectionName.CB_STATS,
            label="Chaturbate Stats API",
            parts=(Part(key="token", label="Stats API token", env="CB_STATS_TOKEN"),),
            purpose="The room's own numbers every few minutes: followers, viewers, token "
            "balance, and the end of a show the Events API missed.",
            where="On Chaturbate, logged in as the broadcaster: the Stats API token of 24 "
            "characters on the token page.",
            where_url="https://chaturbate.com/statsapi/authtoken/",
        ),
        ConnectionSpec(
            name=ConnectionName.STATBATE,
            label="Statbate Premium API",
            parts=(Part(key="token", label="API token", env="STATBATE_API_TOKEN"),),
            purpose="Site-wide figures about viewers and models (all-time tokens, rank, tips "
            "elsewhere). Without it everything else keeps working.",
            where="On Statbate Plus, logged in with a Premium subscription: the API page of "
            "the account.",
            where_url="https://plus.statbate.com/",
        ),
        ConnectionSpec(
            name=ConnectionName.STATBATE_PLUS,
            label="Statbate Plus session",
            parts=(
                Part(
                    key="sessionCookie",
                    label="statbate_plus_session cookie",
                    env="STATBATE_PLUS_SESSION_COOKIE",
                ),
                Part(key="xsrfToken", label="XSRF-TOKEN cookie", env="STATBATE_PLUS_XSRF_TOKEN"),
            ),
            purpose="Imports of the room's older chat from Statbate Plus. Optional.",
            where="In a browser logged in to Statbate Plus: the values of the cookies "
            "statbate_plus_session and XSRF-TOKEN (developer tools > Storage). They expire "
            "with that session.",
            where_url="https://plus.statbate.com/",
        ),
        ConnectionSpec(
            name=ConnectionName.PUSHOVER,
            label="Pushover",
            parts=(
                Part(key="token", label="Application token", env="MHC_PUSHOVER_TOKEN"),
                Part(key="userKey", label="User key", env="MHC_PUSHOVER_USER"),
            ),
            purpose="Alerts on the owner's phone. Optional.",
            where="On pushover.net: the user key on the dashboard, and an application's API "
            "token (Create an Application/API Token).",
            where_url="https://pushover.net/apps/build",
        ),
    )
}

# Tokens and cookies are printable ASCII without spaces; anything else is a paste gone wrong.
VALUE_PATTERN = r"^[\x21-\x7e]+$"
MAX_VALUE_LENGTH = 4096
_VALUE = re.compile(VALUE_PATTERN)
# A value shorter than this shows no characters at all: four of six would give most of it away.
MIN_LENGTH_FOR_HINT = 8
HINT_LENGTH = 4


class Credential(msgspec.Struct, frozen=True, kw_only=True):
    """A connection's current value, every part of it."""

    name: ConnectionName
    parts: dict[str, str]
    source: ValueSource

    @property
    def secret(self) -> str:
        """The first (for most connections the only) part."""
        return self.parts[SPECS[self.name].parts[0].key]

    def part(self, key: str) -> str:
        return self.parts[key]

    def encoded(self) -> bytes:
        """The parts as the bytes that are encrypted at rest."""
        return msgspec.json.encode(self.parts)


class Health(msgspec.Struct, frozen=True, kw_only=True):
    """How a value last fared; `fingerprint` says which value (a keyed hash of it)."""

    fingerprint: str
    outcome: Outcome
    message: str | None
    checked_at: datetime
    last_success_at: datetime | None = None


class CheckResult(msgspec.Struct, frozen=True, kw_only=True):
    """What a connection's test found. `outcome` None: this connection cannot be tested here."""

    outcome: Outcome | None
    message: str


def hint(value: str) -> str | None:
    """The last four characters of a value long enough to keep its secret; None otherwise."""
    if len(value) < MIN_LENGTH_FOR_HINT:
        return None
    return value[-HINT_LENGTH:]


def credential_from_input(
    name: ConnectionName,
    value: str,
    others: Mapping[str, str | None] | None = None,
    source: ValueSource = ValueSource.PANEL,
) -> Credential:
    """The credential an owner typed: `value` is the first part (the token of a one-part
    connection), `others` the other parts by key. InvalidInput names the field at fault."""
    spec = SPECS[name]
    first, *rest = spec.parts
    given = {key: part for key, part in (others or {}).items() if part is not None}
    unexpected = sorted(set(given) - {part.key for part in rest})
    if unexpected:
        raise InvalidInput(f"{spec.label} takes no {unexpected[0]}", field=unexpected[0])
    parts = {first.key: value}
    for part in rest:
        if part.key not in given:
            raise InvalidInput(f"{spec.label} needs the {part.label} too", field=part.key)
        parts[part.key] = given[part.key]
    for key, text in parts.items():
        field = "value" if key == first.key else key
        if not _VALUE.fullmatch(text):
            raise InvalidInput("must be printable characters without spaces", field=field)
        if len(text) > MAX_VALUE_LENGTH:
            raise InvalidInput(f"is longer than {MAX_VALUE_LENGTH} characters", field=field)
    return Credential(name=name, parts=parts, source=source)


def credential_from_stored(name: ConnectionName, plaintext: bytes) -> Credential:
    """A value decrypted from the database; ValueError when it is not one of `name`'s."""
    try:
        parts = msgspec.json.decode(plaintext, type=dict[str, str])
    except msgspec.DecodeError as exc:
        raise ValueError(f"the stored {name} value is not readable") from exc
    if set(parts) != {part.key for part in SPECS[name].parts}:
        raise ValueError(f"the stored {name} value does not have the parts it needs")
    return Credential(name=name, parts=parts, source=ValueSource.PANEL)


def credentials_from_environment(
    environment: Mapping[str, str | None],
) -> tuple[dict[ConnectionName, Credential], dict[ConnectionName, list[str]]]:
    """The connections every part of which the environment sets, and, for those it sets only
    in part, the variables it lacks (such a connection falls back to the panel's value)."""
    complete: dict[ConnectionName, Credential] = {}
    partial: dict[ConnectionName, list[str]] = {}
    for name, spec in SPECS.items():
        values = {part.key: environment.get(part.env) or "" for part in spec.parts}
        missing = [part.env for part in spec.parts if not values[part.key]]
        if not missing:
            complete[name] = Credential(name=name, parts=values, source=ValueSource.ENVIRONMENT)
        elif len(missing) < len(spec.parts):
            partial[name] = missing
    return complete, partial


class PartView(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    label: str
    env: str
    # The last four characters of the value in use, when it is long enough to show them.
    hint: str | None


class ConnectionView(msgspec.Struct, frozen=True, kw_only=True):
    """What the owner sees of a connection: never its value."""

    name: ConnectionName
    label: str
    purpose: str
    where: str
    where_url: str
    parts: tuple[PartView, ...]
    state: ConnectionState
    # Where the value in use comes from; None while none is.
    source: ValueSource | None
    # A value is stored on the panel (in use unless the environment sets one too).
    stored: bool
    stored_at: datetime | None
    # What the last test or use found (working), or why it failed; why a value is unreadable.
    message: str | None
    checked_at: datetime | None
    last_success_at: datetime | None
    # Variables the environment sets only some of: the panel's value is used meanwhile.
    environment_missing: tuple[str, ...]


def view_of(
    spec: ConnectionSpec,
    *,
    credential: Credential | None,
    state: ConnectionState,
    health: Health | None,
    stored: bool,
    stored_at: datetime | None,
    unreadable: str | None,
    environment_missing: Sequence[str],
) -> ConnectionView:
    """The view of a connection; `health` only when it was measured on `credential`."""
    return ConnectionView(
        name=spec.name,
        label=spec.label,
        purpose=spec.purpose,
        where=spec.where,
        where_url=spec.where_url,
        parts=tuple(
            PartView(
                key=part.key,
                label=part.label,
                env=part.env,
                hint=None if credential is None else hint(credential.part(part.key)),
            )
            for part in spec.parts
        ),
        state=state,
        source=None if credential is None else credential.source,
        stored=stored,
        stored_at=stored_at,
        message=health.message if health is not None else unreadable,
        checked_at=None if health is None else health.checked_at,
        last_success_at=None if health is None else health.last_success_at,
        environment_missing=tuple(environment_missing),
    )


AUTH_STATUSES = frozenset({401, 403, 419})
_REFUSAL_WORDS = ("refused", "expired", "unauthorized", "unauthenticated")


def is_refusal(status: int | None, message: str) -> bool:
    """Whether a failed call means "these credentials are not accepted" (not "try later")."""
    if status in AUTH_STATUSES:
        return True
    lowered = message.lower()
    return any(word in lowered for word in _REFUSAL_WORDS)
