"""The aggregates analysis scores: counts, sums and evidence ids the database computes.

Each struct is what one dimension needs and nothing more; the scoring functions are pure over
them, so they can be tested without a database.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from mhc.domain.analysis.models import Evidence, MonthActivity
from mhc.domain.coverage import FULL, Coverage
from mhc.domain.models import InteractionType

# What a person does in the room, as the Events API reports it. Notes, pasted profiles and room
# events are not their activity. Imported chat history (CHAT_IMPORT) counts too, but only the
# lines of the owner's own room: a chat message, or a private message when marked private.
ACTIVITY_TYPES = (
    InteractionType.CHAT_MESSAGE,
    InteractionType.PRIVATE_MESSAGE,
    InteractionType.TIP,
    InteractionType.FOLLOW,
    InteractionType.UNFOLLOW,
    InteractionType.FANCLUB_JOIN,
    InteractionType.MEDIA_PURCHASE,
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
)


class TipAggregate(msgspec.Struct, frozen=True, kw_only=True):
    """Tips of one person in the owner's room."""

    count: int = 0
    total: int = 0
    median: float | None = None
    largest: int | None = None
    first_at: datetime | None = None
    last_at: datetime | None = None
    sessions_tipped: int = 0
    sources: tuple[str, ...] = ()
    # The largest tips, largest first, and the newest tips, newest first.
    largest_evidence: tuple[Evidence, ...] = ()
    recent_evidence: tuple[Evidence, ...] = ()


class EngagementAggregate(msgspec.Struct, frozen=True, kw_only=True):
    chat_messages: int = 0
    private_messages: int = 0
    sessions_attended: int = 0
    median_messages_per_session: float | None = None
    # The owner's sessions since the person was first seen, and all of them.
    owner_sessions_since_first_seen: int = 0
    owner_sessions_total: int = 0
    chat_sources: tuple[str, ...] = ()
    private_sources: tuple[str, ...] = ()
    chat_evidence: tuple[Evidence, ...] = ()
    private_evidence: tuple[Evidence, ...] = ()
    # One interaction of each attended session, newest session first.
    session_evidence: tuple[Evidence, ...] = ()


class FollowEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A FOLLOW, UNFOLLOW or FANCLUB_JOIN interaction."""

    type: str
    occurred_at: datetime
    evidence: Evidence


class LoyaltyAggregate(msgspec.Struct, frozen=True, kw_only=True):
    interactions: int = 0
    active_days: int = 0
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None
    first_evidence: Evidence | None = None
    last_evidence: Evidence | None = None
    sources: tuple[str, ...] = ()
    # When the panel first and last heard the name at all (lookups included).
    known_since: datetime | None = None
    follows: int = 0
    unfollows: int = 0
    fanclub_joins: int = 0
    # Newest first, at most the evidence cap.
    follow_events: tuple[FollowEvent, ...] = ()
    # The newest `user.inFanclub` flag any event carried.
    fanclub_flag: bool | None = None
    fanclub_flag_at: datetime | None = None
    fanclub_flag_evidence: Evidence | None = None


class PartOfDayEvidence(msgspec.Struct, frozen=True, kw_only=True):
    part: str
    evidence: tuple[Evidence, ...]


class TimingAggregate(msgspec.Struct, frozen=True, kw_only=True):
    """Interactions by day of week (0 = Monday) and hour in `timezone`."""

    timezone: str
    cells: tuple[tuple[int, int, int], ...] = ()  # (day, hour, count)
    sources: tuple[str, ...] = ()
    evidence_by_part: tuple[PartOfDayEvidence, ...] = ()


class SnapshotRef(msgspec.Struct, frozen=True, kw_only=True):
    evidence: Evidence
    captured_at: datetime


class DayTokens(msgspec.Struct, frozen=True, kw_only=True):
    day: date
    tokens: int


class StatbateMember(msgspec.Struct, frozen=True, kw_only=True):
    """The newest Statbate member info of the person."""

    snapshot: SnapshotRef
    all_time_tokens: int | None = None
    first_tip_date: str | None = None
    last_tip_date: str | None = None
    last_tip_amount: int | None = None
    models_tipped_2weeks: int | None = None
    models_messaged_2weeks: int | None = None
    per_day_tokens: tuple[DayTokens, ...] = ()


class HourTips(msgspec.Struct, frozen=True, kw_only=True):
    hour: int
    tips: int
    tokens: int


class WeekdayTips(msgspec.Struct, frozen=True, kw_only=True):
    day: int  # 0 = Monday
    tips: int
    tokens: int


class StatbateActivity(msgspec.Struct, frozen=True, kw_only=True):
    """Statbate's site-wide tipping by hour and weekday, in `timezone` (the response's)."""

    snapshot: SnapshotRef
    timezone: str
    hourly: tuple[HourTips, ...] = ()
    daily: tuple[WeekdayTips, ...] = ()


class TagTokens(msgspec.Struct, frozen=True, kw_only=True):
    tag: str
    tokens: int
    models: int


class StatbateTags(msgspec.Struct, frozen=True, kw_only=True):
    snapshot: SnapshotRef
    tags: tuple[TagTokens, ...] = ()


class ModelTokens(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    tokens: int
    days: int | None = None


class StatbateTopModels(msgspec.Struct, frozen=True, kw_only=True):
    snapshot: SnapshotRef
    models: tuple[ModelTokens, ...] = ()


class StatbateData(msgspec.Struct, frozen=True, kw_only=True):
    """What Statbate snapshots hold on the person; None where nothing was captured."""

    member: StatbateMember | None = None
    activity: StatbateActivity | None = None
    tags: StatbateTags | None = None
    top_models: StatbateTopModels | None = None


class Dismissal(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    value: str
    dismissed_at: datetime


class PersonAggregates(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a person's analysis needs, gathered in as few queries as possible."""

    person_id: int
    username: str
    is_excluded: bool
    tips: TipAggregate
    engagement: EngagementAggregate
    loyalty: LoyaltyAggregate
    timing: TimingAggregate
    months: tuple[MonthActivity, ...]
    statbate: StatbateData
    attributes: dict[str, str] = msgspec.field(default_factory=dict)
    dismissals: tuple[Dismissal, ...] = ()


class SessionTipperRow(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    tokens: int
    tips: int
    largest_tip: Evidence


class SessionPersonRow(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    evidence: Evidence
    prior_sessions: int = 0


class SessionAggregates(msgspec.Struct, frozen=True, kw_only=True):
    """One session of the owner's room, seen from the people in it."""

    session_id: int
    started_at: datetime
    ended_at: datetime | None
    tip_count: int = 0
    tip_total: int = 0
    tippers: int = 0
    top_tippers: tuple[SessionTipperRow, ...] = ()
    tip_sources: tuple[str, ...] = ()
    enterers: int = 0
    enterers_who_tipped: int = 0
    enter_evidence: tuple[Evidence, ...] = ()
    newcomer_count: int = 0
    newcomers: tuple[SessionPersonRow, ...] = ()
    regular_count: int = 0
    regulars: tuple[SessionPersonRow, ...] = ()
    chat_messages: int = 0
    chatters: int = 0
    private_messages: int = 0
    chat_sources: tuple[str, ...] = ()
    chat_evidence: tuple[Evidence, ...] = ()
    # How much of the session the panel heard: the counts above are whole only when full.
    coverage: Coverage = FULL
