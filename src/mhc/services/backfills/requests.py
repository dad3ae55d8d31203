"""What a backfill request may ask, kind by kind: the parameters it is recorded with."""

from __future__ import annotations

from mhc.domain.backfills import MAX_USERNAMES, BackfillParams, BackfillRequest
from mhc.domain.errors import InvalidInput
from mhc.domain.usernames import normalize_username


def snapshot_params(request: BackfillRequest) -> BackfillParams:
    """Names (at most MAX_USERNAMES, each once) or a watchlist, and no dates."""
    by_list = request.watchlist_id is not None or request.watchlist_name is not None
    if request.since is not None or request.until is not None:
        raise InvalidInput("snapshots are taken now; they take no dates", field="since")
    if by_list == bool(request.usernames):
        raise InvalidInput("give either usernames or a watchlist", field="usernames")
    if by_list:
        return BackfillParams()
    names = list(dict.fromkeys(normalize_username(name) for name in request.usernames))
    if len(names) > MAX_USERNAMES:
        raise InvalidInput(
            f"at most {MAX_USERNAMES} names at a time ({len(names)} given); "
            "put them on a watchlist instead",
            field="usernames",
        )
    return BackfillParams(usernames=tuple(names), include_erased=request.include_erased)


def tip_params(request: BackfillRequest, broadcaster: str) -> BackfillParams:
    """The owner's room only, between optional dates."""
    if request.usernames or request.room not in (None, broadcaster):
        raise InvalidInput(
            f"the tip history is the owner's room's ({broadcaster}); it takes no names",
            field="usernames",
        )
    _refuse_watchlist(request)
    return BackfillParams(
        room=broadcaster,
        since=request.since,
        until=request.until,
        include_erased=request.include_erased,
    )


def chat_params(request: BackfillRequest, broadcaster: str) -> BackfillParams:
    """One room (the owner's by default), between optional dates."""
    _refuse_watchlist(request)
    names = [*request.usernames, *([request.room] if request.room else [])]
    if len(names) > 1:
        raise InvalidInput("a chat import is of one room", field="usernames")
    room = normalize_username(names[0]) if names else broadcaster
    return BackfillParams(
        room=room, since=request.since, until=request.until, include_erased=request.include_erased
    )


def _refuse_watchlist(request: BackfillRequest) -> None:
    if request.watchlist_id is not None or request.watchlist_name is not None:
        raise InvalidInput("only snapshots take a watchlist", field="watchlistId")
