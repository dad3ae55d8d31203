"""A person's communications with the owner: PM, DM and public chat as threads, tips, the latest
tip menu seen of a model; and PMs or DMs the owner records by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

import msgspec

from mhc.domain.chatlog.timing import ShowSpan, show_at
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import Interaction, InteractionSource, InteractionType, NewInteraction
from mhc.domain.usernames import normalize_username
from mhc.ports.chatlog import ChatRecords
from mhc.ports.clock import Clock
from mhc.ports.read_models import InteractionView
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.guards import check_aware, require_person

Thread = Literal["pm", "dm", "public"]
MAX_TEXT = 4000
MAX_THREAD = 500
# A hand-entered message may be dated a little ahead (clocks differ), not more.
_AHEAD = timedelta(minutes=5)
_RECENT_SHOWS = 50


class ThreadMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One bubble of a thread: `from_owner` on the owner's side."""

    id: int
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    from_owner: bool
    session_id: int | None
    tokens: int | None = None


class TipMenuItemView(msgspec.Struct, frozen=True, kw_only=True):
    item: str
    price: int


class TipMenuSeen(msgspec.Struct, frozen=True, kw_only=True):
    interaction_id: int
    seen_at: datetime
    items: list[TipMenuItemView]


class Communications(msgspec.Struct, frozen=True, kw_only=True):
    """Each thread oldest first (its newest `limit` messages); `totals` counts all of each.
    `is_owner`: the person is the broadcaster (who has no PM or DM thread with themselves)."""

    is_owner: bool
    pm: list[ThreadMessage]
    dm: list[ThreadMessage]
    public: list[ThreadMessage]
    tips: list[ThreadMessage]
    totals: dict[str, int]
    tip_menu: TipMenuSeen | None


class NewMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A PM or DM the owner records by hand; `occurred_at` None means now."""

    thread: Literal["pm", "dm"]
    from_owner: bool
    text: str
    occurred_at: datetime | None = None


def is_from_owner(metadata: dict[str, Any], owner: str) -> bool:
    """Whether a message is the owner's: marked so when pasted or entered, or sent by the owner
    as the Events API tells it (`fromUser`)."""
    if metadata.get("fromOwner") is True:
        return True
    sender = metadata.get("fromUser")
    return isinstance(sender, str) and sender.lower() == owner


def thread_of(view: InteractionView) -> Thread | None:
    if view.type is InteractionType.PRIVATE_MESSAGE:
        return "pm"
    if view.type is InteractionType.DIRECT_MESSAGE:
        return "dm"
    if view.type is InteractionType.CHAT_MESSAGE:
        return "public"
    if view.type is InteractionType.CHAT_IMPORT:
        return "pm" if view.metadata.get("private") is True else "public"
    return None


class CommunicationsService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        records: ChatRecords,
        clock: Clock,
        *,
        broadcaster: str,
    ) -> None:
        self._uow_factory = uow_factory
        self._records = records
        self._clock = clock
        self._owner = normalize_username(broadcaster)

    async def threads(self, person_id: int, *, limit: int = 200) -> Communications:
        """NotFound for an unknown person; InvalidInput for a limit outside 1..500."""
        if not 1 <= limit <= MAX_THREAD:
            raise InvalidInput(f"limit must be between 1 and {MAX_THREAD}", field="limit")
        found = await self._records.correspondence(person_id, limit=limit)
        if found is None:
            raise NotFound(f"person {person_id} does not exist")
        threads: dict[str, list[ThreadMessage]] = {"pm": [], "dm": [], "public": [], "tips": []}
        for view in found.messages:
            thread = "tips" if view.type is InteractionType.TIP else thread_of(view)
            if thread is not None:
                threads[thread].append(self._message(view))
        totals = {
            "pm": found.totals.get("PRIVATE_MESSAGE", 0),
            "dm": found.totals.get("DIRECT_MESSAGE", 0),
            "public": found.totals.get("CHAT_MESSAGE", 0) + found.totals.get("CHAT_IMPORT", 0),
            "tips": found.totals.get("TIP", 0),
        }
        return Communications(
            is_owner=found.username == self._owner,
            pm=threads["pm"],
            dm=threads["dm"],
            public=threads["public"],
            tips=threads["tips"],
            totals=totals,
            tip_menu=_menu(found.tip_menu),
        )

    async def add_message(self, person_id: int, message: NewMessage) -> Interaction:
        """Record a PM or DM with a person, from them or from the owner.

        NotFound for an unknown person, Conflict for an excluded one, InvalidInput for the
        owner's own page, an empty text or a time in the future. A PM is put in the show it
        falls in; a DM never is.
        """
        text = message.text.strip()
        if not text:
            raise InvalidInput("write the message first", field="text")
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"a message has at most {MAX_TEXT} characters", field="text")
        now = self._clock.now()
        moment = message.occurred_at or now
        check_aware(moment, "occurred_at")
        if moment > now + _AHEAD:
            raise InvalidInput("the message's time is in the future", field="occurred_at")
        async with self._uow_factory() as uow:
            person = await require_person(uow, person_id)
            if person.username == self._owner:
                raise InvalidInput(
                    "a PM or DM is with someone else: record it on their page", field="person_id"
                )
            if person.is_excluded:
                raise Conflict(f"{person.username} is excluded: nothing is recorded about them")
            session_id = None
            if message.thread == "pm":
                sessions = await uow.sessions.list(self._owner, limit=_RECENT_SHOWS)
                spans = [
                    ShowSpan(id=s.id, started_at=s.started_at, ended_at=s.ended_at)
                    for s in sessions
                ]
                show = show_at(moment, spans, now)
                session_id = show.id if show else None
            sender = self._owner if message.from_owner else person.username
            stored = await uow.interactions.add(
                NewInteraction(
                    person_id=person.id,
                    type=InteractionType.PRIVATE_MESSAGE
                    if message.thread == "pm"
                    else InteractionType.DIRECT_MESSAGE,
                    content=text,
                    occurred_at=moment,
                    source=InteractionSource.MANUAL,
                    metadata={
                        "fromOwner": message.from_owner,
                        "fromUser": sender,
                        "toUser": person.username if message.from_owner else self._owner,
                    },
                    stream_session_id=session_id,
                )
            )
            await uow.commit()
        assert stored is not None, "an interaction without a source event id is always new"
        return stored

    def _message(self, view: InteractionView) -> ThreadMessage:
        tokens = view.metadata.get("tokens") if view.type is InteractionType.TIP else None
        return ThreadMessage(
            id=view.id,
            type=view.type,
            content=view.content,
            occurred_at=view.occurred_at,
            source=view.source,
            from_owner=is_from_owner(view.metadata, self._owner),
            session_id=view.session_id,
            tokens=tokens if isinstance(tokens, int) and not isinstance(tokens, bool) else None,
        )


def _menu(view: InteractionView | None) -> TipMenuSeen | None:
    if view is None:
        return None
    raw = view.metadata.get("items")
    items = [
        TipMenuItemView(item=entry["item"], price=entry["price"])
        for entry in (raw if isinstance(raw, list) else [])
        if isinstance(entry, dict)
        and isinstance(entry.get("item"), str)
        and isinstance(entry.get("price"), int)
    ]
    return TipMenuSeen(interaction_id=view.id, seen_at=view.occurred_at, items=items)
