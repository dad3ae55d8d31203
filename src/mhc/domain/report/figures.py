"""The stream report's figures, computed from one session's stored data (the words are in
`markdown.py`).

The excluded users and the broadcaster are left out of every figure here; the broadcaster's
own lines still count where the room's chat is measured (busiest minutes, messages that drew
tips). Ties are broken by name and id, so the same data gives the same figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import msgspec

from mhc.domain.coverage import Coverage, show_coverage
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionType as T
from mhc.domain.models import SessionStatus
from mhc.domain.owner_clock import OwnerClock, local
from mhc.domain.report.data import ReportData, ReportEvent, ReportPerson, SubjectChange, ViewerCount
from mhc.domain.watchlists import EXCLUDED, FRIENDS, KNOWN_STREAMERS

# Someone in the room this long (or who chatted or tipped) stayed a bit.
STAYED_SECONDS = 300
BIG_SPENDER_TOKENS = 100
LONG_ABSENCE = timedelta(days=30)
BOARD_SIZE = 10
# (smallest, largest or None) tokens of a single tip, by band.
TIP_BANDS: tuple[tuple[int, int | None], ...] = ((1, 24), (25, 99), (100, 499), (500, None))
# A tip this soon after a chat message by someone else was drawn by it.
DRAW_WINDOW = timedelta(seconds=60)
ONE_MINUTE = timedelta(minutes=1)
BUSIEST_MINUTES = 3
ACTIVE_CHATTERS = 5
DRAWING_MESSAGES = 5
PRESENCE = frozenset(
    {T.USER_ENTER, T.USER_LEAVE, T.CHAT_MESSAGE, T.TIP, T.FOLLOW, T.UNFOLLOW, T.FANCLUB_JOIN}
    | {T.MEDIA_PURCHASE}
)


class Tipper(msgspec.Struct, frozen=True, kw_only=True):
    person: ReportPerson
    tokens: int
    tips: int


class Notable(msgspec.Struct, frozen=True, kw_only=True):
    """A first visit with big tips (`absent` None), or a return after a long absence."""

    person: ReportPerson
    tokens: int
    absent: timedelta | None


class PmThread(msgspec.Struct, frozen=True, kw_only=True):
    person: ReportPerson
    received: int
    sent: int
    first_line: str


class Tip(msgspec.Struct, frozen=True, kw_only=True):
    person: ReportPerson
    tokens: int
    at: datetime


class BusyMinute(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    messages: int


class Chatter(msgspec.Struct, frozen=True, kw_only=True):
    person: ReportPerson
    messages: int


class DrawingMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A chat line and the tips that followed it; `author` None is the broadcaster."""

    author: ReportPerson | None
    at: datetime
    text: str
    tips: int
    tokens: int


class BestHour(msgspec.Struct, frozen=True, kw_only=True):
    starts_at: datetime
    tokens: int


class ListedPerson(msgspec.Struct, frozen=True, kw_only=True):
    person: ReportPerson
    lists: tuple[str, ...]


class ReportFigures(msgspec.Struct, frozen=True, kw_only=True):
    broadcaster: str
    # Names that must appear nowhere, not even inside quoted text.
    excluded_names: frozenset[str]
    theme: str
    coverage: Coverage
    started_at: datetime
    end: datetime
    live: bool
    subject_at_start: str | None
    subject_variants: tuple[SubjectChange, ...]
    tokens: int
    tippers: tuple[Tipper, ...]
    first_time_tippers: int
    biggest_tip: Tip | None
    # (smallest, largest or None, tips) per band.
    tip_bands: tuple[tuple[int, int | None, int], ...]
    max_viewers: ViewerCount | None
    unique_viewers: int
    average_watch: timedelta | None
    new_followers: int
    unfollows: int
    stayed: tuple[ReportPerson, ...]
    left_quickly: tuple[ReportPerson, ...]
    friends: tuple[ReportPerson, ...]
    known_streamers: tuple[ReportPerson, ...]
    tracked: tuple[ListedPerson, ...]
    notable: tuple[Notable, ...]
    pm_threads: tuple[PmThread, ...]
    busiest_minutes: tuple[BusyMinute, ...]
    chatters: tuple[Chatter, ...]
    drawing_messages: tuple[DrawingMessage, ...]
    best_hour: BestHour | None

    @property
    def duration(self) -> timedelta:
        return max(self.end - self.started_at, timedelta(0))


def compute_figures(
    data: ReportData, *, exclusion: ExclusionPolicy, clock: OwnerClock
) -> ReportFigures:
    """Every figure of the report of `data` (see STREAM_REPORT.md)."""
    owner = data.broadcaster.lower()
    people = {
        p.id: p
        for p in data.people
        if not p.is_excluded and not exclusion.is_excluded(p.username) and p.username != owner
    }
    owner_ids = {p.id for p in data.people if p.username == owner}
    events = sorted(data.events, key=lambda e: (e.occurred_at, e.id))
    theirs = [e for e in events if e.person_id in people]
    speakers = people.keys() | owner_ids
    chat = [e for e in events if e.type is T.CHAT_MESSAGE and e.person_id in speakers]
    subject, variants = _subjects(data.subject_before, events, owner_ids)
    tips = [
        Tip(person=people[e.person_id], tokens=e.tokens, at=e.occurred_at)
        for e in theirs
        if e.type is T.TIP and e.tokens is not None and e.tokens > 0
    ]
    tippers = _tippers(tips)
    watch = _watch_times(theirs, data.started_at, data.end)
    took_part = {e.person_id for e in theirs if e.type in (T.CHAT_MESSAGE, T.TIP)}
    entered = {e.person_id for e in theirs if e.type is T.USER_ENTER}
    seen = sorted({e.person_id for e in theirs}, key=lambda pid: people[pid].username)
    return ReportFigures(
        broadcaster=owner,
        excluded_names=exclusion.names | {p.username for p in data.people if p.is_excluded},
        theme=data.theme.strip(),
        coverage=show_coverage(
            data.started_at,
            data.end,
            data.listening,
            tracked_since=data.listening_tracked_since,
        ),
        started_at=data.started_at,
        end=data.end,
        live=data.status is SessionStatus.LIVE,
        subject_at_start=subject,
        subject_variants=variants,
        tokens=sum(t.tokens for t in tips),
        tippers=tippers,
        first_time_tippers=sum(1 for t in tippers if not t.person.tipped_before),
        biggest_tip=min(tips, key=lambda t: (-t.tokens, t.at, t.person.username), default=None),
        tip_bands=tuple((low, high, _in_band(tips, low, high)) for low, high in TIP_BANDS),
        max_viewers=_max_viewers(data.viewer_counts),
        unique_viewers=len({e.person_id for e in theirs if e.type in PRESENCE}),
        average_watch=(timedelta(seconds=sum(watch.values()) / len(watch)) if watch else None),
        new_followers=sum(1 for e in theirs if e.type is T.FOLLOW),
        unfollows=sum(1 for e in theirs if e.type is T.UNFOLLOW),
        stayed=tuple(
            people[pid]
            for pid in sorted(
                {pid for pid, seconds in watch.items() if seconds >= STAYED_SECONDS} | took_part,
                key=lambda pid: (-watch.get(pid, 0.0), people[pid].username),
            )
        ),
        left_quickly=tuple(
            people[pid]
            for pid in sorted(entered - took_part, key=lambda pid: people[pid].username)
            if watch.get(pid, 0.0) < STAYED_SECONDS
        ),
        friends=tuple(people[pid] for pid in seen if FRIENDS in people[pid].lists),
        known_streamers=tuple(people[pid] for pid in seen if KNOWN_STREAMERS in people[pid].lists),
        tracked=tuple(
            ListedPerson(person=people[pid], lists=other)
            for pid in seen
            if (other := _other_lists(people[pid].lists))
        ),
        notable=_notable(tippers, seen, people, data.started_at),
        pm_threads=_pm_threads(theirs, people),
        busiest_minutes=_busiest_minutes(chat),
        chatters=_chatters(chat, people),
        drawing_messages=_drawing_messages(events, people, owner_ids),
        best_hour=_best_hour(tips, clock),
    )


def _subjects(
    before: SubjectChange | None, events: Sequence[ReportEvent], owner_ids: set[int]
) -> tuple[str | None, tuple[SubjectChange, ...]]:
    """The subject at the start, and every other one set during the show, in order."""
    changes = [
        SubjectChange(subject=e.content, at=e.occurred_at)
        for e in events
        if e.type is T.ROOM_SUBJECT_CHANGE and e.content and e.person_id in owner_ids
    ]
    current = before.subject if before is not None else None
    if current is None and changes:
        current = changes.pop(0).subject
    variants: list[SubjectChange] = []
    last = current
    for change in changes:
        if change.subject != last:
            variants.append(change)
            last = change.subject
    return current, tuple(variants)


def _tippers(tips: Iterable[Tip]) -> tuple[Tipper, ...]:
    tokens: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    by_id: dict[int, ReportPerson] = {}
    for tip in tips:
        tokens[tip.person.id] += tip.tokens
        counts[tip.person.id] += 1
        by_id[tip.person.id] = tip.person
    ranked = sorted(by_id, key=lambda pid: (-tokens[pid], by_id[pid].username))
    return tuple(Tipper(person=by_id[pid], tokens=tokens[pid], tips=counts[pid]) for pid in ranked)


def _in_band(tips: Iterable[Tip], low: int, high: int | None) -> int:
    return sum(1 for t in tips if low <= t.tokens and (high is None or t.tokens <= high))


def _watch_times(
    events: Iterable[ReportEvent], started_at: datetime, ended_at: datetime
) -> dict[int, float]:
    """Seconds each person was in the room, from their enters and leaves.

    A leave with no enter before it counts from the start; someone still in at the end counts
    until the end.
    """
    since: dict[int, datetime | None] = {}
    seconds: dict[int, float] = defaultdict(float)
    for event in events:
        if event.type not in (T.USER_ENTER, T.USER_LEAVE):
            continue
        pid = event.person_id
        if event.type is T.USER_ENTER:
            if since.get(pid) is None:
                since[pid] = event.occurred_at
            continue
        entered = since.get(pid, started_at)
        if entered is not None:
            seconds[pid] += max((event.occurred_at - entered).total_seconds(), 0.0)
        since[pid] = None
    for pid, entered in since.items():
        if entered is not None:
            seconds[pid] += max((ended_at - entered).total_seconds(), 0.0)
    return dict(seconds)


def _max_viewers(counts: Iterable[ViewerCount]) -> ViewerCount | None:
    known = [c for c in counts if c.viewers is not None]
    return min(known, key=lambda c: (-(c.viewers or 0), c.captured_at), default=None)


def _other_lists(lists: tuple[str, ...]) -> tuple[str, ...]:
    if not lists:  # most of a show's people are on no list
        return ()
    return tuple(sorted(name for name in lists if name not in (FRIENDS, KNOWN_STREAMERS, EXCLUDED)))


def _notable(
    tippers: Sequence[Tipper],
    seen: Sequence[int],
    people: dict[int, ReportPerson],
    started_at: datetime,
) -> tuple[Notable, ...]:
    """First-time visitors who tipped big, then regulars back after a long absence."""
    spent = {t.person.id: t.tokens for t in tippers}
    first = [
        Notable(person=t.person, tokens=t.tokens, absent=None)
        for t in tippers
        if t.person.last_seen_before is None and t.tokens >= BIG_SPENDER_TOKENS
    ]
    returned = sorted(
        (
            Notable(
                person=people[pid],
                tokens=spent.get(pid, 0),
                absent=started_at - last,
            )
            for pid in seen
            if (last := people[pid].last_seen_before) is not None
            and started_at - last >= LONG_ABSENCE
        ),
        key=lambda n: (-(n.absent or timedelta(0)), n.person.username),
    )
    return (*first, *returned)


def _pm_threads(
    events: Iterable[ReportEvent], people: dict[int, ReportPerson]
) -> tuple[PmThread, ...]:
    threads: dict[int, list[ReportEvent]] = defaultdict(list)
    for event in events:
        if event.type is T.PRIVATE_MESSAGE:
            threads[event.person_id].append(event)
    return tuple(
        PmThread(
            person=people[pid],
            received=sum(1 for e in messages if not e.from_owner),
            sent=sum(1 for e in messages if e.from_owner),
            first_line=next((e.content for e in messages if e.content and e.content.strip()), ""),
        )
        for pid, messages in threads.items()
    )


def _busiest_minutes(chat: Iterable[ReportEvent]) -> tuple[BusyMinute, ...]:
    minutes: Counter[datetime] = Counter()
    # The chat comes in time order: a minute's lines come together, and its start is worked
    # out once for them (in any order the count would still be right).
    start = end = datetime.max.replace(tzinfo=UTC)
    for event in chat:
        at = event.occurred_at
        if not start <= at < end:
            start = at.replace(second=0, microsecond=0)
            end = start + ONE_MINUTE
        minutes[start] += 1
    ranked = sorted(minutes.items(), key=lambda item: (-item[1], item[0]))[:BUSIEST_MINUTES]
    return tuple(BusyMinute(at=at, messages=count) for at, count in ranked)


def _chatters(chat: Iterable[ReportEvent], people: dict[int, ReportPerson]) -> tuple[Chatter, ...]:
    counts: Counter[int] = Counter(e.person_id for e in chat if e.person_id in people)
    ranked = sorted(counts, key=lambda pid: (-counts[pid], people[pid].username))
    top = ranked[:ACTIVE_CHATTERS]
    return tuple(Chatter(person=people[pid], messages=counts[pid]) for pid in top)


def _drawing_messages(
    events: Sequence[ReportEvent], people: dict[int, ReportPerson], owner_ids: set[int]
) -> tuple[DrawingMessage, ...]:
    """Chat lines followed within DRAW_WINDOW by tips from someone else, most tokens first."""
    latest: ReportEvent | None = None
    drawn: dict[int, list[int]] = defaultdict(list)
    lines: dict[int, ReportEvent] = {}
    for event in events:
        if (
            event.type is T.CHAT_MESSAGE
            and event.content
            and (event.person_id in people or event.person_id in owner_ids)
        ):
            latest = event
        elif (
            event.type is T.TIP
            and event.person_id in people
            and event.tokens
            and latest is not None
            and latest.person_id != event.person_id
            and event.occurred_at - latest.occurred_at <= DRAW_WINDOW
        ):
            drawn[latest.id].append(event.tokens)
            lines[latest.id] = latest
    ranked = sorted(drawn, key=lambda mid: (-sum(drawn[mid]), lines[mid].occurred_at, mid))
    return tuple(
        DrawingMessage(
            author=people.get(lines[mid].person_id),
            at=lines[mid].occurred_at,
            text=lines[mid].content or "",
            tips=len(drawn[mid]),
            tokens=sum(drawn[mid]),
        )
        for mid in ranked[:DRAWING_MESSAGES]
    )


def _best_hour(tips: Iterable[Tip], clock: OwnerClock) -> BestHour | None:
    """The clock hour (on the owner's clock) that brought the most tokens; the earliest on ties."""
    hours: Counter[datetime] = Counter()
    for tip in tips:
        hours[local(tip.at, clock).replace(minute=0, second=0, microsecond=0)] += tip.tokens
    if not hours:
        return None
    starts_at, tokens = min(hours.items(), key=lambda item: (-item[1], item[0]))
    return BestHour(starts_at=starts_at, tokens=tokens)
