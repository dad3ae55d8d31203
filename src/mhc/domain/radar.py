"""The live room radar's rules: what counts as a room event, who is in the room, and the card
that says what we know about someone who walks in.

Pure functions over structs; the radar service feeds them what the LiveFeed port reads.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

import msgspec

from mhc.domain.lookups import PRESENCE_TYPES, LookupStatus
from mhc.domain.models import Attribute, InteractionType, Note, Watchlist
from mhc.domain.viewer_flags import ViewerFlags, tips_at_least

# Someone who spent this much on Statbate's record, or tipped this much in the owner's room,
# is a big spender.
BIG_SPENDER_STATBATE_TOKENS = 10_000
BIG_SPENDER_ROOM_TOKENS = 1_000
# Chaturbate's own word for someone who tipped this much lately makes them a big spender too.
BIG_SPENDER_RECENT_TIPS = "lots"
# A card shows the newest notes only: it must be read at a glance while someone walks in.
CARD_NOTES = 3
# An enter without its leave (a lost event, a crash) stops counting after this long, so the
# room never fills up with ghosts.
PRESENCE_MAX_AGE = timedelta(hours=12)

# What the Events API reports about the owner's room; unknown events stay off the radar.
RADAR_TYPES: tuple[InteractionType, ...] = (
    InteractionType.CHAT_MESSAGE,
    InteractionType.PRIVATE_MESSAGE,
    InteractionType.TIP,
    InteractionType.FOLLOW,
    InteractionType.UNFOLLOW,
    InteractionType.FANCLUB_JOIN,
    InteractionType.MEDIA_PURCHASE,
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
    InteractionType.ROOM_SUBJECT_CHANGE,
    InteractionType.BROADCAST_START,
    InteractionType.BROADCAST_STOP,
)
# A broadcast starting or stopping empties the room: who was there before no longer counts.
PRESENCE_RESETS = frozenset({InteractionType.BROADCAST_START, InteractionType.BROADCAST_STOP})


class Highlight(enum.StrEnum):
    BIG_SPENDER = "big_spender"
    WATCHLIST = "watchlist"


class GroundKind(enum.StrEnum):
    STATBATE_TOTAL = "statbate_total"
    ROOM_TIPS = "room_tips"
    RECENT_TIPS = "recent_tips"
    WATCHLIST = "watchlist"


class HighlightGround(msgspec.Struct, frozen=True, kw_only=True):
    """One reason for a highlight, as data: the card shows it with the card's own figures, so
    the reason and the figures beside it can never disagree."""

    kind: GroundKind
    tokens: int | None = None
    level: str | None = None
    watchlists: tuple[str, ...] = ()


class RoomEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One stored room event of a person who is not excluded; `id` is the interaction's id."""

    id: int
    type: InteractionType
    occurred_at: datetime
    person_id: int
    username: str
    content: str | None
    tokens: int | None
    session_id: int | None


class CardFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What the panel knows about a person, as stored: room figures, Statbate, lists, notes."""

    person_id: int
    username: str
    room_tips_total: int
    room_tip_count: int
    last_tip_at: datetime | None
    last_tip_tokens: int | None
    visits: int
    statbate_all_time_tokens: int | None
    statbate_last_tip_date: str | None
    statbate_captured_at: datetime | None
    watchlists: tuple[Watchlist, ...] = ()
    # Newest first.
    notes: tuple[Note, ...] = ()
    tags: tuple[Attribute, ...] = ()
    # The latest Events API user object's flags, and where the automatic look-up stands.
    flags: ViewerFlags | None = None
    lookup: LookupStatus | None = None
    # The person's first event in the owner's room (Events API), for "first visit".
    first_room_event_at: datetime | None = None
    # The newest interaction id these figures count: a room event with this id or a lower one
    # is in them already (a tip the radar shows after the card adds to them only when newer).
    counted_through: int | None = None


class EntryCard(CardFacts, frozen=True, kw_only=True):
    highlight: Highlight | None = None
    highlight_reason: str | None = None
    highlight_grounds: tuple[HighlightGround, ...] = ()


class RadarEvent(RoomEvent, frozen=True, kw_only=True):
    """A room event as the radar shows it, with the card of its person when one is due."""

    card: EntryCard | None = None


class Presence(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    entered_at: datetime


def highlight_grounds(facts: CardFacts) -> tuple[HighlightGround, ...]:
    """Every ground for highlighting someone: spending first (the louder signal), then lists."""
    grounds: list[HighlightGround] = []
    statbate = facts.statbate_all_time_tokens
    if statbate is not None and statbate >= BIG_SPENDER_STATBATE_TOKENS:
        grounds.append(HighlightGround(kind=GroundKind.STATBATE_TOTAL, tokens=statbate))
    if facts.room_tips_total >= BIG_SPENDER_ROOM_TOKENS:
        grounds.append(HighlightGround(kind=GroundKind.ROOM_TIPS, tokens=facts.room_tips_total))
    level = facts.flags.recent_tips if facts.flags is not None else None
    if tips_at_least(level, BIG_SPENDER_RECENT_TIPS):
        grounds.append(HighlightGround(kind=GroundKind.RECENT_TIPS, level=level))
    if facts.watchlists:
        names = tuple(watchlist.name for watchlist in facts.watchlists)
        grounds.append(HighlightGround(kind=GroundKind.WATCHLIST, watchlists=names))
    return tuple(grounds)


def ground_text(ground: HighlightGround) -> str:
    if ground.kind is GroundKind.STATBATE_TOTAL:
        return f"{ground.tokens or 0:,} tokens tipped all-time on Statbate"
    if ground.kind is GroundKind.ROOM_TIPS:
        return f"{ground.tokens or 0:,} tokens tipped in this room"
    if ground.kind is GroundKind.RECENT_TIPS:
        return f"tipped {ground.level} lately, says Chaturbate"
    return f"on {', '.join(ground.watchlists)}"


def highlight(grounds: Sequence[HighlightGround]) -> tuple[Highlight | None, str | None]:
    """Big spenders first (money is the louder signal), then members of any watchlist.

    The reason names every ground, so a big spender on a list says both.
    """
    if not grounds:
        return None, None
    spending = any(ground.kind is not GroundKind.WATCHLIST for ground in grounds)
    kind = Highlight.BIG_SPENDER if spending else Highlight.WATCHLIST
    return kind, "; ".join(ground_text(ground) for ground in grounds)


def build_card(facts: CardFacts) -> EntryCard:
    """The card of `facts`: at most CARD_NOTES notes, and the highlight."""
    grounds = highlight_grounds(facts)
    kind, reason = highlight(grounds)
    fields = msgspec.structs.asdict(facts)
    fields["notes"] = facts.notes[:CARD_NOTES]
    return EntryCard(**fields, highlight=kind, highlight_reason=reason, highlight_grounds=grounds)


def needs_card(
    event: RoomEvent, carded: set[int] | frozenset[int], owner: str | None = None
) -> bool:
    """An enter always shows the card; any other sign of someone in the room (a chat, a tip,
    a follow...) shows it when they have not had one yet. The owner never gets one."""
    if event.username == owner:
        return False
    if event.type is InteractionType.USER_ENTER:
        return True
    return event.type in PRESENCE_TYPES and event.person_id not in carded


def cards_wanted(
    events: Iterable[RoomEvent], carded: set[int] | frozenset[int], owner: str | None = None
) -> set[int]:
    """The persons whose cards `events` will show, given who has had one already."""
    wanted: set[int] = set()
    seen = set(carded)
    for event in events:
        if needs_card(event, seen, owner):
            wanted.add(event.person_id)
            seen.add(event.person_id)
    return wanted


def with_cards(
    events: Sequence[RoomEvent],
    cards: Mapping[int, EntryCard],
    carded: set[int],
    owner: str | None = None,
) -> list[RadarEvent]:
    """`events` (oldest first) with their cards; `carded` gains everyone who was shown one.

    A card that could not be read (the person became excluded meanwhile) is left off.
    """
    shown: list[RadarEvent] = []
    for event in events:
        card = cards.get(event.person_id) if needs_card(event, carded, owner) else None
        if card is not None:
            carded.add(event.person_id)
        shown.append(RadarEvent(**msgspec.structs.asdict(event), card=card))
    return shown


def present_people(events: Iterable[RoomEvent]) -> list[Presence]:
    """Who is in the room after `events` (in the order they happened), newest arrival first.

    Anyone who enters, chats, tips, sends a private message, follows, joins the fan club or
    buys media is present from the first of those since they last left (the Events API does
    not always send an enter); a leave takes them out; a broadcast start or stop empties the
    room.
    """
    inside: dict[int, datetime] = {}
    for event in events:
        if event.type in PRESENCE_RESETS:
            inside.clear()
        elif event.type in PRESENCE_TYPES:
            inside.setdefault(event.person_id, event.occurred_at)
        elif event.type is InteractionType.USER_LEAVE:
            inside.pop(event.person_id, None)
    return [
        Presence(person_id=person_id, entered_at=entered_at)
        for person_id, entered_at in sorted(inside.items(), key=lambda item: item[1], reverse=True)
    ]


PresenceMove = tuple[int, int, bool]
"""A stored move of presence: its interaction's id, the person's id, and whether it is a leave."""


def fold_arrivals(arrivals: dict[int, int], moves: Iterable[PresenceMove]) -> None:
    """Fold `moves`, in the order they happened, into `arrivals` (person id -> the id of the move
    that put them in the room): a person is in from their first sign since they last left, and a
    leave takes them out. The same rule as `present_people`, by id, for a fold kept between reads.
    """
    for move_id, person_id, leaves in moves:
        if leaves:
            arrivals.pop(person_id, None)
        else:
            arrivals.setdefault(person_id, move_id)


def presence_window_start(reset_at: datetime | None, now: datetime) -> datetime:
    """Events older than this cannot make anyone present: the last reset, or PRESENCE_MAX_AGE."""
    oldest = now - PRESENCE_MAX_AGE
    return oldest if reset_at is None else max(reset_at, oldest)
