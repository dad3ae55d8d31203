"""The AnalysisSource port on PostgreSQL: aggregation in SQL, rows turned into domain structs.

A person's analysis costs three statements: their profile (with attributes, dismissals and
Statbate snapshots), then, side by side on two connections, one over their activity (the folds
of their hourly groups, kept as rows arrive) and one over their tips (kept narrow). A session's
costs one statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import anyio
import psycopg
from psycopg.rows import dict_row

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.session_analysis import (
    evidence_list,
    evidence_of,
    session_aggregates_of,
)
from mhc.domain.analysis.aggregates import (
    ACTIVITY_TYPES,
    DayTokens,
    Dismissal,
    EngagementAggregate,
    FollowEvent,
    HourTips,
    LoyaltyAggregate,
    ModelTokens,
    PartOfDayEvidence,
    PersonAggregates,
    SessionAggregates,
    SnapshotRef,
    StatbateActivity,
    StatbateData,
    StatbateMember,
    StatbateTags,
    StatbateTopModels,
    TagTokens,
    TimingAggregate,
    TipAggregate,
    WeekdayTips,
)
from mhc.domain.analysis.models import EVIDENCE_CAP, Evidence, MonthActivity
from mhc.domain.errors import NotFound
from mhc.domain.models import EvidenceType

# How many of a person's newest Statbate snapshots are searched for each kind of payload.
SNAPSHOT_WINDOW = 200
# The bin width whose groups person_activity_hours keeps (migration 20261203001101).
KEPT_BIN = "1 hour"
_ACTIVITY = [str(t) for t in ACTIVITY_TYPES]


class PostgresAnalysisSource:
    """Reads on pooled connections; `dismiss` commits on its own."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("analysis")

    async def person_aggregates(
        self,
        person_id: int,
        *,
        broadcaster: str,
        timezone: str,
        include_excluded: bool,
    ) -> PersonAggregates | None:
        params = {
            "person_id": person_id,
            "broadcaster": broadcaster,
            "timezone": timezone,
            "include_excluded": include_excluded,
            "activity_types": _ACTIVITY,
            "evidence_cap": EVIDENCE_CAP,
            "snapshot_window": SNAPSHOT_WINDOW,
            "bin": bin_width(timezone, datetime.now(UTC)),
        }
        # Whole-hour bins are kept as rows arrive (person_activity_hours).
        params["kept_hours"] = params["bin"] == KEPT_BIN
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(self._sql["person_profile"], params)
            profile = await cur.fetchone()
        if profile is None:
            return None
        if profile["is_excluded"] and not include_excluded:
            return _excluded_person(profile, timezone)
        # The two passes over the person's rows are independent: run them side by side.
        results: dict[str, dict[str, Any]] = {}
        async with anyio.create_task_group() as group:
            for name in ("person_activity", "person_tips"):
                group.start_soon(self._fetch_tuned, name, params, results)
        activity, tips = results["person_activity"], results["person_tips"]
        return PersonAggregates(
            person_id=profile["id"],
            username=profile["username"],
            is_excluded=profile["is_excluded"],
            tips=_tips(tips, activity=activity),
            engagement=_engagement(activity),
            loyalty=_loyalty(activity, known_since=profile["first_seen_at"]),
            timing=TimingAggregate(
                timezone=timezone,
                cells=tuple((int(d), int(h), int(n)) for d, h, n in activity["cells"]),
                sources=tuple(activity["sources"]),
                evidence_by_part=_partevidence_of(activity["part_evidence"]),
            ),
            months=_months(activity["months"], tips["tip_months"]),
            statbate=_statbate(profile["statbate"]),
            attributes=dict(profile["attributes"]),
            dismissals=_dismissals(profile["dismissals"]),
        )

    async def _fetch_tuned(
        self, name: str, params: Mapping[str, Any], into: dict[str, dict[str, Any]]
    ) -> None:
        """Run one aggregate statement in its own transaction, tuned for a large aggregation."""
        async with (
            self._pool.connection() as conn,
            conn.transaction(),
            conn.cursor(row_factory=dict_row) as cur,
        ):
            await cur.execute(self._sql["tune_transaction"])
            # Never prepared: after five runs a prepared statement may switch to a generic plan,
            # which knows nothing of how many rows this person has (for a whale with 120k
            # interactions: 850 ms a run instead of 290, and 3.5 s for the switch itself).
            await cur.execute(self._sql[name], params, prepare=False)
            row = await cur.fetchone()
        assert row is not None, f"{name} aggregates without GROUP BY: always one row"
        into[name] = row

    async def session_aggregates(
        self,
        session_id: int,
        *,
        include_excluded: bool,
        regular_min_prior_sessions: int,
        top_tippers: int,
        listed_people: int,
    ) -> SessionAggregates | None:
        params = {
            "session_id": session_id,
            "include_excluded": include_excluded,
            "regular_min_prior_sessions": regular_min_prior_sessions,
            "top_tippers": top_tippers,
            "listed_people": listed_people,
            "activity_types": _ACTIVITY,
            "evidence_cap": EVIDENCE_CAP,
        }
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(self._sql["session_aggregates"], params)
            row = await cur.fetchone()
        return None if row is None else session_aggregates_of(row)

    async def dismissals(self, person_id: int) -> list[Dismissal]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._sql["dismissals"], {"person_id": person_id})
            rows = await cur.fetchall()
        return [Dismissal(key=key, value=value, dismissed_at=at) for key, value, at in rows]

    async def dismiss(self, person_id: int, *, key: str, value: str, at: datetime) -> Dismissal:
        params = {"person_id": person_id, "key": key, "value": value, "at": at}
        try:
            async with self._pool.connection() as conn:
                cur = await conn.execute(self._sql["dismiss"], params)
                row = await cur.fetchone()
        except psycopg.errors.ForeignKeyViolation as exc:
            raise NotFound(f"person {person_id} does not exist") from exc
        assert row is not None, "INSERT ... ON CONFLICT DO UPDATE returns the row"
        return Dismissal(key=row[0], value=row[1], dismissed_at=row[2])


def _excluded_person(profile: Mapping[str, Any], timezone: str) -> PersonAggregates:
    return PersonAggregates(
        person_id=profile["id"],
        username=profile["username"],
        is_excluded=True,
        tips=TipAggregate(),
        engagement=EngagementAggregate(),
        loyalty=LoyaltyAggregate(),
        timing=TimingAggregate(timezone=timezone),
        months=(),
        statbate=StatbateData(),
    )


def _tips(row: Mapping[str, Any], *, activity: Mapping[str, Any]) -> TipAggregate:
    return TipAggregate(
        count=row["tip_count"],
        total=row["tip_total"],
        median=row["tip_median"],
        largest=row["tip_largest"],
        first_at=row["tip_first_at"],
        last_at=row["tip_last_at"],
        sessions_tipped=activity["sessions_tipped"],
        sources=tuple(activity["tip_sources"]),
        largest_evidence=evidence_list(row["tip_largest_evidence"]),
        recent_evidence=evidence_list(row["tip_recent_evidence"]),
    )


def _months(activity: Iterable[list[Any]], tips: Iterable[list[Any]]) -> tuple[MonthActivity, ...]:
    """Join the months of the two passes: interactions and days, then tips and tokens."""
    tipped = {month: (count, tokens) for month, count, tokens in tips}
    months = []
    for month, interactions, days in activity:
        count, tokens = tipped.get(month, (0, 0))
        months.append(
            MonthActivity(
                month=month, interactions=interactions, tips=count, tokens=tokens, active_days=days
            )
        )
    return tuple(months)


def _engagement(row: Mapping[str, Any]) -> EngagementAggregate:
    return EngagementAggregate(
        chat_messages=row["chats"],
        private_messages=row["privates"],
        sessions_attended=row["sessions_attended"],
        median_messages_per_session=row["median_chats"],
        owner_sessions_since_first_seen=row["owner_sessions_since_first_seen"],
        owner_sessions_total=row["owner_sessions_total"],
        chat_sources=tuple(row["chat_sources"]),
        private_sources=tuple(row["private_sources"]),
        chat_evidence=evidence_list(row["chat_evidence"]),
        private_evidence=evidence_list(row["private_evidence"]),
        session_evidence=evidence_list(row["session_evidence"]),
    )


def _loyalty(row: Mapping[str, Any], *, known_since: datetime) -> LoyaltyAggregate:
    flag, first, last = row["fanclub_flag"], row["first_seen"], row["last_seen"]
    return LoyaltyAggregate(
        interactions=row["interactions"],
        active_days=row["active_days"],
        first_seen_at=_moment(first),
        last_seen_at=_moment(last),
        first_evidence=evidence_of(first) if first else None,
        last_evidence=evidence_of(last) if last else None,
        sources=tuple(row["sources"]),
        known_since=known_since,
        follows=row["follows"],
        unfollows=row["unfollows"],
        fanclub_joins=row["fanclub_joins"],
        follow_events=tuple(
            FollowEvent(
                type=kind,
                occurred_at=datetime.fromisoformat(at),
                evidence=evidence_of([event_id, source]),
            )
            for event_id, source, kind, at in row["follow_events"]
        ),
        fanclub_flag=flag[3] if flag else None,
        fanclub_flag_at=datetime.fromisoformat(flag[2]) if flag else None,
        fanclub_flag_evidence=evidence_of(flag) if flag else None,
    )


def _partevidence_of(rows: Iterable[list[Any]]) -> tuple[PartOfDayEvidence, ...]:
    by_part: dict[str, list[Evidence]] = {}
    for part, event_id, source in rows:
        by_part.setdefault(part, []).append(evidence_of([event_id, source]))
    return tuple(
        PartOfDayEvidence(part=part, evidence=tuple(items)) for part, items in by_part.items()
    )


def bin_width(timezone: str, now: datetime) -> str:
    """The widest time bin that never straddles two local hours of `timezone`.

    A whole hour for zones whose offset is a whole number of hours (this year, summer and
    winter), else half or quarter hours (India, Nepal...).
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return "1 hour"
    offsets = {
        int(
            (
                (now + timedelta(days=days)).astimezone(zone).utcoffset() or timedelta(0)
            ).total_seconds()
        )
        for days in (-182, 0, 182)
    }
    for width, seconds in (("1 hour", 3600), ("30 minutes", 1800)):
        if all(offset % seconds == 0 for offset in offsets):
            return width
    return "15 minutes"


def _moment(triple: list[Any] | None) -> datetime | None:
    """The time of an `[id, source, occurred_at]` array, which json carries as text."""
    return datetime.fromisoformat(triple[2]) if triple else None


def _dismissals(rows: Iterable[list[Any]]) -> tuple[Dismissal, ...]:
    return tuple(
        Dismissal(key=key, value=value, dismissed_at=datetime.fromisoformat(at))
        for key, value, at in rows
    )


def _statbate(snapshots: Iterable[Mapping[str, Any]]) -> StatbateData:
    """Read the newest payload of each kind; a malformed payload counts as not captured."""
    parts: dict[str, Any] = {}
    for snapshot in snapshots:
        ref = SnapshotRef(
            evidence=Evidence(
                type=EvidenceType.SNAPSHOT, id=int(snapshot["id"]), source=snapshot["source"]
            ),
            captured_at=datetime.fromisoformat(snapshot["captured_at"]),
        )
        raw = snapshot["raw"] if isinstance(snapshot["raw"], dict) else {}
        data = raw.get("data", raw)
        kind = snapshot["kind"]
        if kind == "member":
            parts["member"] = _member(ref, snapshot["metrics"], data)
        elif kind == "activity":
            parts["activity"] = _activity(ref, data, raw.get("meta"))
        elif kind == "tags":
            parts["tags"] = StatbateTags(snapshot=ref, tags=_tag_rows(data))
        elif kind == "top_models":
            parts["top_models"] = StatbateTopModels(snapshot=ref, models=_model_rows(data))
    return StatbateData(**parts)


def _member(ref: SnapshotRef, metrics: Mapping[str, Any], data: Any) -> StatbateMember:
    days = data.get("per_day_tokens") if isinstance(data, dict) else None
    per_day = []
    for entry in days if isinstance(days, list) else []:
        if not isinstance(entry, dict):
            continue
        day = _day(entry.get("date"))
        tokens = _int(entry.get("tokens"))
        if day is not None and tokens is not None:
            per_day.append(DayTokens(day=day, tokens=tokens))
    return StatbateMember(
        snapshot=ref,
        all_time_tokens=_int(metrics.get("all_time_tokens")),
        first_tip_date=_str(metrics.get("first_tip_date")),
        last_tip_date=_str(metrics.get("last_tip_date")),
        last_tip_amount=_int(metrics.get("last_tip_amount")),
        models_tipped_2weeks=_int(metrics.get("models_tipped_2weeks")),
        models_messaged_2weeks=_int(metrics.get("models_messaged_2weeks")),
        per_day_tokens=tuple(per_day),
    )


def _activity(ref: SnapshotRef, data: Any, meta: Any) -> StatbateActivity:
    data = data if isinstance(data, dict) else {}
    hourly = []
    for entry in _dicts(data.get("hourly")):
        hour = _int(entry.get("hour"))
        if hour is not None and 0 <= hour < 24:
            hourly.append(
                HourTips(
                    hour=hour,
                    tips=_int(entry.get("tip_count")) or 0,
                    tokens=_int(entry.get("token_sum")) or 0,
                )
            )
    daily = []
    for entry in _dicts(data.get("daily")):
        day = _int(entry.get("day_of_week"))
        # Statbate numbers the days 1 (Monday) to 7 (Sunday).
        if day is not None and 1 <= day <= 7:
            daily.append(
                WeekdayTips(
                    day=day - 1,
                    tips=_int(entry.get("tip_count")) or 0,
                    tokens=_int(entry.get("token_sum")) or 0,
                )
            )
    zone = meta.get("timezone") if isinstance(meta, dict) else None
    return StatbateActivity(
        snapshot=ref,
        timezone=zone if isinstance(zone, str) and zone else "UTC",
        hourly=tuple(hourly),
        daily=tuple(daily),
    )


def _tag_rows(data: Any) -> tuple[TagTokens, ...]:
    rows = []
    for entry in _dicts(data):
        tag = _str(entry.get("tag")) or _str(entry.get("name"))
        tokens = _int(entry.get("total_tokens"))
        if tag and tokens is not None:
            rows.append(
                TagTokens(tag=tag, tokens=tokens, models=_int(entry.get("models_count")) or 0)
            )
    return tuple(rows)


def _model_rows(data: Any) -> tuple[ModelTokens, ...]:
    rows = []
    for entry in _dicts(data):
        name = _str(entry.get("name"))
        tokens = _int(entry.get("total_tokens"))
        if name and tokens is not None:
            rows.append(ModelTokens(name=name, tokens=tokens, days=_int(entry.get("days"))))
    return tuple(rows)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None
