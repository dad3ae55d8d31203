"""Checks shared by the use cases: things that must exist, pages, time-zone-aware times."""

from __future__ import annotations

from datetime import datetime

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import Person, StreamSession, Watchlist
from mhc.ports.uow import UnitOfWork


async def require_person(uow: UnitOfWork, person_id: int) -> Person:
    person = await uow.people.get(person_id)
    if person is None:
        raise NotFound(f"person {person_id} does not exist")
    return person


async def require_session(uow: UnitOfWork, session_id: int) -> StreamSession:
    session = await uow.sessions.get(session_id)
    if session is None:
        raise NotFound(f"session {session_id} does not exist")
    return session


async def require_watchlist(uow: UnitOfWork, watchlist_id: int) -> Watchlist:
    watchlist = await uow.watchlists.get(watchlist_id)
    if watchlist is None:
        raise NotFound(f"watchlist {watchlist_id} does not exist")
    return watchlist


def check_page(limit: int, offset: int, *, max_limit: int) -> None:
    """InvalidInput unless 1 <= limit <= max_limit and offset >= 0."""
    if not 1 <= limit <= max_limit:
        raise InvalidInput(f"limit must be between 1 and {max_limit}, got {limit}", field="limit")
    if offset < 0:
        raise InvalidInput(f"offset must not be negative, got {offset}", field="offset")


def check_aware(moment: datetime, field: str) -> None:
    """InvalidInput for a naive datetime: stored times are instants, not wall-clock readings."""
    if moment.utcoffset() is None:
        raise InvalidInput(f"{field} must include a time zone", field=field)
