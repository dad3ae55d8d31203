"""Translation of database errors into domain errors, at the adapter boundary.

Messages are looked up by constraint name and filled in from the statement's own
parameters, so a caller reads "username 'big_tipper_77' is already taken on chaturbate"
rather than an index name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from psycopg import errors as pg

from mhc.domain.errors import Conflict, InvalidInput, MhcError, NotFound

_CONFLICTS = {
    "persons_platform_username_key": "username {username!r} is already taken on {platform}",
    "person_aliases_platform_alias_key": "alias {alias!r} is already used on {platform}",
    "snapshots_person_id_source_captured_at_key": (
        "person {person_id} already has a {source} snapshot captured at {captured_at}"
    ),
    "stream_sessions_one_live_key": "{broadcaster!r} already has a LIVE session",
    "watchlists_name_key": "a watchlist named {name!r} already exists",
}

_MISSING = {
    "person_aliases_person_id_fkey": "person {person_id} does not exist",
    "snapshots_person_id_fkey": "person {person_id} does not exist",
    "interactions_person_id_fkey": "person {person_id} does not exist",
    "interactions_stream_session_id_fkey": "stream session {stream_session_id} does not exist",
    "notes_person_id_fkey": "person {person_id} does not exist",
    "attributes_person_id_fkey": "person {person_id} does not exist",
    "watchlist_members_person_id_fkey": "person {person_id} does not exist",
    "watchlist_members_watchlist_id_fkey": "watchlist {watchlist_id} does not exist",
}

# constraint -> (field, message)
_INVALID = {
    "persons_username_check": (
        "username",
        "username {username!r} must be 1 to 64 lower-case letters, digits or underscores",
    ),
    "person_aliases_alias_check": (
        "alias",
        "alias {alias!r} must be 1 to 64 lower-case letters, digits or underscores",
    ),
    "stream_sessions_check1": ("ended_at", "a session cannot end before it started"),
    "notes_content_check": ("content", "a note cannot be empty"),
    "attributes_key_check": ("key", "an attribute key cannot be empty"),
    "watchlists_name_check": ("name", "a watchlist name cannot be empty"),
}


def translate_error(exc: Exception, params: Mapping[str, Any]) -> MhcError | None:
    """The domain error for a statement the database refused; None for other failures
    (a lost connection, a timeout), which callers see unchanged."""
    if isinstance(exc, pg.UniqueViolation):
        return Conflict(_message(exc, _CONFLICTS, params))
    if isinstance(exc, pg.ForeignKeyViolation):
        return NotFound(_message(exc, _MISSING, params))
    if isinstance(exc, pg.RestrictViolation | pg.RaiseException):
        # Raised by the append-only and built-in watchlist triggers, whose text is for people.
        return Conflict(_primary(exc))
    if isinstance(exc, pg.CheckViolation):
        field, template = _INVALID.get(_constraint(exc), (None, ""))
        return InvalidInput(_fill(template, params) or _primary(exc), field=field)
    if isinstance(exc, pg.DataError):
        # A value the column cannot hold, e.g. "bigint out of range".
        return InvalidInput(_primary(exc))
    return None


def _message(exc: pg.Error, templates: Mapping[str, str], params: Mapping[str, Any]) -> str:
    # The detail names the key, e.g. 'Key (person_id)=(42) is not present in table "persons".'
    fallback = exc.diag.message_detail or _primary(exc)
    return _fill(templates.get(_constraint(exc), ""), params) or fallback


def _fill(template: str, params: Mapping[str, Any]) -> str:
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError):
        return ""


def _constraint(exc: pg.Error) -> str:
    return exc.diag.constraint_name or ""


def _primary(exc: pg.Error) -> str:
    return exc.diag.message_primary or type(exc).__name__
