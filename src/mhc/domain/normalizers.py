"""Snapshot normalisation: the few comparable metrics kept from each external payload.

The raw payload is stored as received; these functions pick what deltas and charts compare.
Rules: a metric the payload lacks, or gives in a shape that is not usable, is absent (never 0);
numbers given as numeric strings are read as numbers; booleans are never numbers; Chaturbate's
`-1` sentinels ("never", "not broadcasting") are absent, never a number in a delta; a time sent
without an offset is kept with the one it is read in (`owner_clock.external_instant`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from mhc.domain.models import Metrics
from mhc.domain.owner_clock import external_instant

MEMBER_NUMBERS = ("did", "all_time_tokens", "last_tip_amount")
MEMBER_COUNTS = ("models_tipped_2weeks", "models_messaged_2weeks")
MEMBER_DATES = ("first_tip_date", "last_tip_date")

CB_STATS_NUMBERS = (
    "token_balance",
    "num_followers",
    "tips_in_last_hour",
    "num_viewers",
    "num_registered_viewers",
    "num_tokened_viewers",
    "votes_up",
    "votes_down",
    "satisfaction_score",
)
_SENTINEL = -1


def normalize_statbate_member(raw: Mapping[str, Any]) -> Metrics:
    """Keep did, all_time_tokens, tip dates and amount, and the two-week model counts.

    Accepts the whole response (`{"data": {...}, "meta": ...}`) or one batch item.
    """
    data = _unwrap(raw)
    metrics: Metrics = {}
    for key in (*MEMBER_NUMBERS, *MEMBER_COUNTS):
        _put(metrics, key, _number(data.get(key)))
    for key in MEMBER_DATES:
        _put(metrics, key, _text(data.get(key)))
    return metrics


def normalize_statbate_model(raw: Mapping[str, Any]) -> Metrics:
    """Keep rid, rank, session count and durations, income, the raw gender code and tag names."""
    data = _unwrap(raw)
    metrics: Metrics = {}
    _put(metrics, "rid", _number(data.get("rid")))
    _put(metrics, "rank", _number(data.get("rank")))
    sessions = _mapping(data.get("sessions"))
    _put(metrics, "sessions_count", _number(sessions.get("count")))
    _put(metrics, "sessions_total_duration", _number(sessions.get("total_duration")))
    _put(metrics, "sessions_average_duration", _number(sessions.get("average_duration")))
    income = _mapping(data.get("income"))
    _put(metrics, "income_tokens", _number(income.get("tokens")))
    _put(metrics, "income_usd", _number(income.get("usd")))
    gender = data.get("gender")
    if isinstance(gender, str | int) and not isinstance(gender, bool):
        metrics["gender"] = gender
    tags = data.get("tags")
    if isinstance(tags, list):
        metrics["tags"] = [
            name for tag in tags if isinstance(tag, Mapping) and (name := _text(tag.get("name")))
        ]
    return metrics


def normalize_cb_stats(raw: Mapping[str, Any]) -> Metrics:
    """Keep balance, followers, tips, viewers, votes, satisfaction, time online, last broadcast."""
    metrics: Metrics = {}
    for key in CB_STATS_NUMBERS:
        _put(metrics, key, _not_sentinel(_number(raw.get(key))))
    _put(metrics, "time_online_minutes", _not_sentinel(_number(raw.get("time_online"))))
    last_broadcast = _text(raw.get("last_broadcast"))
    if last_broadcast is not None and not is_sentinel(last_broadcast):
        # Sent without an offset: kept as an instant with one (owner_clock says how it is read);
        # text that is no time is kept as it came.
        instant = external_instant(last_broadcast)
        metrics["last_broadcast"] = last_broadcast if instant is None else instant.isoformat()
    return metrics


def is_sentinel(value: Any) -> bool:
    """Whether a raw value is Chaturbate's `-1` ("never", "not broadcasting"), number or text."""
    return _number(value) == _SENTINEL


def _unwrap(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    data = raw.get("data")
    return data if isinstance(data, Mapping) else raw


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _put(metrics: Metrics, key: str, value: Any) -> None:
    if value is not None:
        metrics[key] = value


def _number(value: Any) -> int | float | None:
    """An int or finite float from a number or numeric string; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _not_sentinel(value: int | float | None) -> int | float | None:
    return None if value == _SENTINEL else value


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
