"""Ports for the external services the core reads: Statbate Premium, Chaturbate Stats and
Statbate Plus chat history.

Answers are decoded into lenient structs (unknown keys ignored, every field optional because the
services omit what they do not know) and carry the exact response body in `raw`, which is what
snapshots store. Dates stay strings as the service sent them; the normalisers decide what to keep.
A gateway returns None when the service says "not found" and raises the domain errors
ExternalServiceError / ExternalAuthError / RateLimited for everything else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Generic, Protocol, TypeVar

import msgspec

from mhc.domain.models import JsonObject

T = TypeVar("T")


class TimeRange(msgspec.Struct, frozen=True):
    """A closed time interval; sent to Statbate as `range[0]`/`range[1]` in UTC."""

    start: datetime
    end: datetime


class Pagination(msgspec.Struct, frozen=True, kw_only=True):
    total: int | None = None
    per_page: int | None = None
    current_page: int | None = None
    last_page: int | None = None
    first_item: int | None = msgspec.field(default=None, name="from")
    last_item: int | None = msgspec.field(default=None, name="to")


class Fetched(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    """A decoded answer plus the exact body it came from."""

    data: T
    raw: JsonObject
    pagination: Pagination | None = None


class DayTokens(msgspec.Struct, frozen=True, kw_only=True):
    date: str | None = None
    tokens: int | None = None


class MemberInfo(msgspec.Struct, frozen=True, kw_only=True):
    name: str = ""
    did: int | None = None
    first_message_date: str | None = None
    first_tip_date: str | None = None
    last_tip_date: str | None = None
    last_tip_amount: int | None = None
    models_messaged_2weeks: int | None = None
    models_messaged_2weeks_list: list[str] = msgspec.field(default_factory=list)
    models_tipped_2weeks: int | None = None
    models_tipped_2weeks_list: list[str] = msgspec.field(default_factory=list)
    per_day_tokens: list[DayTokens] = msgspec.field(default_factory=list)
    all_time_tokens: int | None = None


class MemberBatchItem(msgspec.Struct, frozen=True, kw_only=True):
    """One name of a batch lookup: `info` when found, else the service's `error`; `left_out`
    when the answer did not mention the name at all (Statbate does not know it)."""

    name: str
    info: MemberInfo | None
    error: str | None
    raw: JsonObject
    left_out: bool = False


class ModelSessions(msgspec.Struct, frozen=True, kw_only=True):
    count: int | None = None
    total_duration: int | None = None
    average_duration: int | None = None


class ModelIncome(msgspec.Struct, frozen=True, kw_only=True):
    tokens: int | None = None
    usd: float | None = None


class ModelTag(msgspec.Struct, frozen=True, kw_only=True):
    name: str = ""
    category: str | None = None


class ModelInfo(msgspec.Struct, frozen=True, kw_only=True):
    name: str = ""
    rid: int | None = None
    # The spec's gender tables contradict each other: the raw code is kept, never interpreted.
    gender: int | str | None = None
    rank: int | None = None
    sessions: ModelSessions | None = None
    income: ModelIncome | None = None
    tags: list[ModelTag] = msgspec.field(default_factory=list)


class ActivitySummary(msgspec.Struct, frozen=True, kw_only=True):
    total_sessions: int | None = None
    public_sessions: int | None = None
    total_duration: int | None = None
    average_duration: int | None = None


class ActivitySession(msgspec.Struct, frozen=True, kw_only=True):
    start_time: str | None = None
    end_time: str | None = None
    duration: int | None = None


class ModelActivity(msgspec.Struct, frozen=True, kw_only=True):
    name: str = ""
    rid: int | None = None
    gender: int | str | None = None
    summary: ActivitySummary | None = None
    sessions: list[ActivitySession] = msgspec.field(default_factory=list)


class MemberTip(msgspec.Struct, frozen=True, kw_only=True):
    time: str | None = None
    model: str | None = None
    rid: int | None = None
    tokens: int | None = None
    usd: float | None = None


class ModelTip(msgspec.Struct, frozen=True, kw_only=True):
    """One tip a model received, as Statbate's room tip history lists it (tips carry no id)."""

    time: str | None = None
    name: str | None = None
    did: int | None = None
    tokens: int | None = None
    usd: float | None = None


class TagSpending(msgspec.Struct, frozen=True, kw_only=True):
    position: int | None = None
    tag: str | None = None
    name: str | None = None
    value: str | None = None
    models_count: int | None = None
    total_tokens: int | None = None
    total_usd: float | None = None


class HourlyActivity(msgspec.Struct, frozen=True, kw_only=True):
    hour: int | None = None
    tip_count: int | None = None
    token_sum: int | None = None
    usd_sum: float | None = None


class DailyActivity(msgspec.Struct, frozen=True, kw_only=True):
    day_of_week: int | None = None
    day_name: str | None = None
    tip_count: int | None = None
    token_sum: int | None = None
    usd_sum: float | None = None


class MemberActivity(msgspec.Struct, frozen=True, kw_only=True):
    hourly: list[HourlyActivity] = msgspec.field(default_factory=list)
    daily: list[DailyActivity] = msgspec.field(default_factory=list)


class TopModel(msgspec.Struct, frozen=True, kw_only=True):
    position: int | None = None
    name: str | None = None
    rid: int | None = None
    gender: int | str | None = None
    total_tokens: int | None = None
    total_usd: float | None = None
    days: int | None = None
    daily_tokens: int | None = None
    daily_usd: float | None = None


class CbStats(msgspec.Struct, frozen=True, kw_only=True):
    """The broadcaster's Stats API numbers; the service's `-1` ("never", "offline") is None."""

    username: str | None = None
    token_balance: int | None = None
    tips_in_last_hour: int | None = None
    votes_up: int | None = None
    votes_down: int | None = None
    satisfaction_score: float | None = None
    last_broadcast: str | None = None
    time_online: int | None = None
    num_followers: int | None = None
    num_viewers: int | None = None
    num_registered_viewers: int | None = None
    num_tokened_viewers: int | None = None


class ChatHistoryMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One message of a room's chat history as Statbate Plus recorded it."""

    room: str
    username: str
    text: str
    sent_at: datetime
    message_id: str | None = None
    is_private: bool = False
    raw: JsonObject = msgspec.field(default_factory=dict)


class ChatPage(msgspec.Struct, frozen=True, kw_only=True):
    messages: list[ChatHistoryMessage]
    next_cursor: str | None
    raw: JsonObject


class StatbateGateway(Protocol):
    """Statbate Premium API: site-wide numbers on members and models."""

    async def get_member_info(
        self, site: str, name: str, timezone: str | None = None
    ) -> Fetched[MemberInfo] | None: ...

    async def get_member_info_batch(
        self, site: str, names: Sequence[str], timezone: str | None = None
    ) -> list[MemberBatchItem]:
        """Every name once, in order, whatever the service's per-request limit."""
        ...

    async def get_model_info(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[ModelInfo] | None: ...

    async def get_model_activity(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[ModelActivity] | None: ...

    async def get_member_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[MemberTip]] | None: ...

    async def get_model_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[ModelTip]] | None:
        """One page of the tips a model received; `pagination` tells how many pages there are."""
        ...

    def iter_member_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        per_page: int = 200,
    ) -> AsyncIterator[MemberTip]:
        """Every tip of every page, oldest page first as the service orders them."""
        ...

    async def get_member_tag_spending(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[TagSpending]] | None: ...

    async def get_member_activity(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[MemberActivity] | None: ...

    async def get_member_top_models(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
    ) -> Fetched[list[TopModel]] | None: ...


class CbStatsGateway(Protocol):
    """Chaturbate Stats API: the broadcaster's own numbers (the token is the adapter's)."""

    async def get_stats(self, username: str) -> Fetched[CbStats] | None: ...


class ChatHistoryGateway(Protocol):
    """Statbate Plus chat history of a room, for filling gaps in what the worker captured."""

    async def authenticate(self) -> None:
        """Check the session; ExternalAuthError when it has expired."""
        ...

    async def get_chat_history(
        self,
        model_name: str,
        since: datetime | None = None,
        until: datetime | None = None,
        cursor: str | None = None,
        page: int | None = None,
    ) -> ChatPage | None: ...

    def iter_chat_history(
        self,
        model_name: str,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AsyncIterator[ChatHistoryMessage]:
        """Every message of every page in the interval."""
        ...
