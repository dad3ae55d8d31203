"""Statbate Premium, Statbate Plus and Chaturbate Stats answers computed from the world.

Shapes follow the OpenAPI description of Statbate Premium (integers where it says integer,
date-times as RFC 3339 text); the Plus chat shape is the one the panel assumes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mhc.simulator.cast import ChatLine, Span, Tip, Viewer
from mhc.simulator.world import World

Body = dict[str, Any]
Answer = tuple[int, Body]
USD_PER_TOKEN = 0.05
TWO_WEEKS = timedelta(days=14)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MEMBER_NOT_FOUND: Answer = (404, {"error": "Member not found"})
MODEL_NOT_FOUND: Answer = (404, {"error": "Model not found"})


class BadQuery(ValueError):
    """A query parameter Statbate would refuse (answered 422 with its message)."""


class Query:
    """The common query parameters of the Statbate endpoints, parsed and checked."""

    def __init__(self, params: dict[str, str]) -> None:
        name = params.get("timezone") or "UTC"
        try:
            self.zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadQuery(f"Invalid timezone: {name}") from None
        self.timezone = name
        self.start = _bound(params.get("range[0]"), "range[0]")
        self.end = _bound(params.get("range[1]"), "range[1]")
        self.page = _positive(params.get("page"), 1, "page")
        self.per_page = min(200, _positive(params.get("per_page"), 20, "per_page"))

    def within(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment <= self.end
        )

    def text(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).isoformat(timespec="seconds")

    def range_meta(self) -> list[str]:
        return [self.text(moment) for moment in (self.start, self.end) if moment is not None]


def member_info(world: World, name: str, query: Query, site: str) -> Answer:
    viewer = world.viewers.get(name.lower())
    if viewer is None or not viewer.known_to_statbate:
        return MEMBER_NOT_FOUND
    data = _member_data(world, viewer, query)
    return 200, {"data": data, "meta": {"site": site, "timezone": query.timezone}}


def member_batch(world: World, names: Sequence[str], query: Query, site: str) -> Answer:
    items: list[Body] = []
    for name in names:
        viewer = world.viewers.get(name.lower())
        if viewer is None or not viewer.known_to_statbate:
            items.append({"name": name, "error": "Member not found"})
        else:
            items.append({**_member_data(world, viewer, query), "error": None})
    found = sum(1 for item in items if item["error"] is None)
    meta = {"site": site, "timezone": query.timezone, "found": found, "requested": len(names)}
    return 200, {"data": items, "meta": meta}


def _member_data(world: World, viewer: Viewer, query: Query) -> Body:
    now = world.now()
    recent = now - TWO_WEEKS
    tipped = sorted({tip.model for tip in viewer.tips if tip.at >= recent})
    messaged = sorted(model for model, at in viewer.messaged.items() if at >= recent)
    per_day: dict[str, int] = defaultdict(int)
    for tip in viewer.tips:
        per_day[tip.at.astimezone(query.zone).date().isoformat()] += tip.tokens
    data: Body = {
        "name": viewer.username,
        "did": viewer.did,
        "models_messaged_2weeks": len(messaged),
        "models_messaged_2weeks_list": messaged,
        "models_tipped_2weeks": len(tipped),
        "models_tipped_2weeks_list": tipped,
        "per_day_tokens": [{"date": day, "tokens": tokens} for day, tokens in per_day.items()],
        "all_time_tokens": sum(tip.tokens for tip in viewer.tips),
        "last_tip_amount": viewer.tips[-1].tokens if viewer.tips else 0,
    }
    if viewer.first_message_at is not None:
        data["first_message_date"] = query.text(viewer.first_message_at)
    if viewer.tips:
        data["first_tip_date"] = query.text(viewer.tips[0].at)
        data["last_tip_date"] = query.text(viewer.tips[-1].at)
    return data


def model_info(world: World, name: str, query: Query, site: str) -> Answer:
    model = world.models.get(name.lower())
    if model is None:
        return MODEL_NOT_FOUND
    now = world.now()
    spans = [span for span in model.sessions if query.within(span.start)]
    total = sum(span.seconds(now) for span in spans)
    tokens = sum(tip.tokens for tip in world.tips_to(model.name) if query.within(tip.at))
    if query.start is None:
        tokens += model.outside_income
    data = {
        "name": model.name,
        "rid": model.rid,
        "gender": model.gender,
        "rank": model.rank,
        "sessions": {
            "count": len(spans),
            "total_duration": total,
            "average_duration": total // len(spans) if spans else 0,
        },
        "income": {"tokens": tokens, "usd": round(tokens * USD_PER_TOKEN, 2)},
        "tags": [{"name": tag, "category": category} for tag, category in model.tags],
    }
    return 200, {"data": data, "meta": _meta(site, query)}


def model_activity(world: World, name: str, query: Query, site: str) -> Answer:
    model = world.models.get(name.lower())
    if model is None:
        return MODEL_NOT_FOUND
    now = world.now()
    spans = [span for span in model.sessions if query.within(span.start)]
    total = sum(span.seconds(now) for span in spans)
    data = {
        "name": model.name,
        "rid": model.rid,
        "gender": model.gender,
        "summary": {
            "total_sessions": len(spans),
            "public_sessions": len(spans),
            "total_duration": total,
            "average_duration": total // len(spans) if spans else 0,
        },
        "sessions": [_session(span, now, query) for span in spans],
    }
    return 200, {"data": data, "meta": _meta(site, query)}


def member_tips(world: World, name: str, query: Query, site: str) -> Answer:
    viewer = world.viewers.get(name.lower())
    if viewer is None or not viewer.known_to_statbate:
        return MEMBER_NOT_FOUND
    tips = [tip for tip in reversed(viewer.tips) if query.within(tip.at)]
    total = len(tips)
    last_page = max(1, math.ceil(total / query.per_page))
    first = (query.page - 1) * query.per_page
    page = tips[first : first + query.per_page]
    data = [
        {
            "time": query.text(tip.at),
            "model": tip.model,
            "rid": tip.rid,
            "tokens": tip.tokens,
            "usd": round(tip.tokens * USD_PER_TOKEN, 2),
        }
        for tip in page
    ]
    pagination = {
        "total": total,
        "per_page": query.per_page,
        "current_page": query.page,
        "last_page": last_page,
        "from": first + 1 if page else 0,
        "to": first + len(page),
    }
    meta = {**_member_meta(site, viewer, query), "pagination": pagination}
    meta.pop("timezone")
    return 200, {"data": data, "meta": meta}


def model_tips(world: World, name: str, query: Query, site: str) -> Answer:
    """The tips a model received, newest first, paged like a member's tips."""
    model = world.models.get(name.lower())
    if model is None:
        return MODEL_NOT_FOUND
    tips = sorted(
        (
            (tip, viewer)
            for viewer in world.viewers.values()
            for tip in viewer.tips
            if tip.model == model.name and query.within(tip.at)
        ),
        key=lambda pair: pair[0].at,
        reverse=True,
    )
    total = len(tips)
    first = (query.page - 1) * query.per_page
    page = tips[first : first + query.per_page]
    data = [
        {
            "time": query.text(tip.at),
            "name": viewer.username,
            "did": viewer.did,
            "tokens": tip.tokens,
            "usd": round(tip.tokens * USD_PER_TOKEN, 2),
        }
        for tip, viewer in page
    ]
    pagination = {
        "total": total,
        "per_page": query.per_page,
        "current_page": query.page,
        "last_page": max(1, math.ceil(total / query.per_page)),
        "from": first + 1 if page else 0,
        "to": first + len(page),
    }
    meta = {
        "site": site,
        "model": {"id": model.rid, "name": model.name, "gender": model.gender},
        "range": query.range_meta(),
        "pagination": pagination,
    }
    return 200, {"data": data, "meta": meta}


def member_tag_spending(world: World, name: str, query: Query, site: str) -> Answer:
    viewer = world.viewers.get(name.lower())
    if viewer is None or not viewer.known_to_statbate:
        return MEMBER_NOT_FOUND
    tokens: dict[tuple[str, str], int] = defaultdict(int)
    models: dict[tuple[str, str], set[str]] = defaultdict(set)
    for tip in _tips_within(viewer.tips, query):
        for tag in world.models[tip.model].tags:
            tokens[tag] += tip.tokens
            models[tag].add(tip.model)
    ranked = sorted(tokens.items(), key=lambda item: (-item[1], item[0]))
    first = (query.page - 1) * query.per_page
    data = [
        {
            "position": first + position,
            "tag": tag,
            "name": tag.capitalize(),
            "value": category,
            "models_count": len(models[(tag, category)]),
            "total_tokens": total,
            "total_usd": round(total * USD_PER_TOKEN, 2),
        }
        for position, ((tag, category), total) in enumerate(
            ranked[first : first + query.per_page], start=1
        )
    ]
    meta = _member_meta(site, viewer, query)
    meta.pop("timezone")
    return 200, {"data": data, "meta": meta}


def member_top_models(world: World, name: str, query: Query, site: str) -> Answer:
    viewer = world.viewers.get(name.lower())
    if viewer is None or not viewer.known_to_statbate:
        return MEMBER_NOT_FOUND
    totals: dict[str, int] = defaultdict(int)
    days: dict[str, set[str]] = defaultdict(set)
    for tip in _tips_within(viewer.tips, query):
        totals[tip.model] += tip.tokens
        days[tip.model].add(tip.at.date().isoformat())
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    data = []
    for position, (model_name, total) in enumerate(ranked, start=1):
        model = world.models[model_name]
        active_days = len(days[model_name])
        daily = total // active_days
        data.append(
            {
                "position": position,
                "name": model.name,
                "rid": model.rid,
                "gender": model.gender,
                "total_tokens": total,
                "total_usd": round(total * USD_PER_TOKEN, 2),
                "days": active_days,
                "daily_tokens": daily,
                "daily_usd": round(daily * USD_PER_TOKEN, 2),
            }
        )
    return 200, {"data": data, "meta": _member_meta(site, viewer, query)}


def member_activity(world: World, name: str, query: Query, site: str) -> Answer:
    viewer = world.viewers.get(name.lower())
    if viewer is None or not viewer.known_to_statbate:
        return MEMBER_NOT_FOUND
    tips = [(tip, tip.at.astimezone(query.zone)) for tip in _tips_within(viewer.tips, query)]
    hourly = [
        _activity({"hour": hour}, [tip for tip, local in tips if local.hour == hour])
        for hour in range(24)
    ]
    daily = [
        _activity(
            {"day_of_week": day, "day_name": DAY_NAMES[day - 1]},
            [tip for tip, local in tips if local.isoweekday() == day],
        )
        for day in range(1, 8)
    ]
    return 200, {
        "data": {"hourly": hourly, "daily": daily},
        "meta": _member_meta(site, viewer, query),
    }


def cb_stats(world: World) -> Body:
    """The Stats API body; `-1` marks "never broadcast" and "not broadcasting"."""
    now = world.now()
    sessions = world.models[world.broadcaster].sessions
    present = [v for v in world.viewers.values() if v.present]
    last_broadcast: str | int = -1
    if sessions:
        moment = now if world.live else (sessions[-1].end or now)
        last_broadcast = moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    time_online = int((now - sessions[-1].start).total_seconds() // 60) if world.live else -1
    votes = world.votes_up + world.votes_down
    return {
        "username": world.broadcaster,
        "token_balance": world.balance_base + world.received_tokens,
        "tips_in_last_hour": sum(
            tip.tokens for tip in world.room_tips(since=now - timedelta(hours=1))
        ),
        "votes_up": world.votes_up,
        "votes_down": world.votes_down,
        "satisfaction_score": round(100 * world.votes_up / votes) if votes else 0,
        "last_broadcast": last_broadcast,
        "time_online": time_online,
        "num_followers": world.followers_elsewhere
        + sum(v.following for v in world.viewers.values()),
        # Guests (not logged in) are counted by Chaturbate but never appear in events.
        "num_viewers": len(present) + len(present) // 3,
        "num_registered_viewers": len(present),
        "num_tokened_viewers": sum(v.has_tokens for v in present),
    }


def chat_history(
    world: World,
    room: str,
    query: Query,
    cursor: str | None,
    per_page: int,
) -> Body:
    """The assumed Statbate Plus chat shape: `data` items and `meta.next_cursor`."""
    after = int(cursor) if cursor and cursor.isdigit() else 0
    lines: Iterable[ChatLine] = (
        line
        for line in world.chat_lines
        if line.room == room.lower() and line.id > after and query.within(line.at)
    )
    page: list[ChatLine] = []
    more = False
    for line in lines:
        if len(page) == per_page:
            more = True
            break
        page.append(line)
    data = [
        {
            "id": line.id,
            "model": line.room,
            "username": line.username,
            "message": line.text,
            "created_at": line.at.isoformat(timespec="milliseconds"),
            "private": False,
        }
        for line in page
    ]
    next_cursor = str(page[-1].id) if more and page else None
    return {"data": data, "meta": {"next_cursor": next_cursor, "per_page": per_page}}


def _tips_within(tips: Iterable[Tip], query: Query) -> list[Tip]:
    return [tip for tip in tips if query.within(tip.at)]


def _activity(head: Body, tips: list[Tip]) -> Body:
    tokens = sum(tip.tokens for tip in tips)
    return {
        **head,
        "tip_count": len(tips),
        "token_sum": tokens,
        "usd_sum": round(tokens * USD_PER_TOKEN, 2),
    }


def _session(span: Span, now: datetime, query: Query) -> Body:
    session: Body = {"start_time": query.text(span.start), "duration": span.seconds(now)}
    if span.end is not None:
        session["end_time"] = query.text(span.end)
    return session


def _meta(site: str, query: Query) -> Body:
    return {"site": site, "range": query.range_meta(), "timezone": query.timezone}


def _member_meta(site: str, viewer: Viewer, query: Query) -> Body:
    return {
        "site": site,
        "member": {"id": viewer.did, "name": viewer.username},
        "range": query.range_meta(),
        "timezone": query.timezone,
    }


def _bound(value: str | None, name: str) -> datetime | None:
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery(f"The {name} must be a date in Y-m-d H:i:s format.") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _positive(value: str | None, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise BadQuery(f"The {name} must be a positive integer.")
    return int(value)


Handler = Callable[[World, str, Query, str], Answer]
MEMBER_ENDPOINTS: dict[str, Handler] = {
    "info": member_info,
    "tips": member_tips,
    "tag-spending": member_tag_spending,
    "top-models": member_top_models,
    "activity": member_activity,
}
MODEL_ENDPOINTS: dict[str, Handler] = {
    "info": model_info,
    "activity": model_activity,
    "tips": model_tips,
}
