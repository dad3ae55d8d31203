"""Every endpoint the panel reads, as we understand its contract: one declaration per endpoint.

The clients check each answer against these, the worker checks each event, the simulator's
tests hold the simulator to them and the live contract tests hold the real services to them.
When reality differs, the drift log says where; correct the shape here (and the simulator),
from a recorded payload (see the README, "Contract drift and live tests").

Sources: the public Events API and Stats API documentation,
Statbate's OpenAPI description (docs/reference/statbate_openapi.json). Where a source is silent
about whether a key always comes, the keys the panel relies on are required and the rest are
optional. The Statbate Plus chat shape is an assumption and lives with its client.
"""

from __future__ import annotations

from mhc.domain.contracts.compare import (
    ANY,
    BOOLEAN,
    INTEGER,
    NULL,
    NUMBER,
    STRING,
    Arr,
    EndpointContract,
    Obj,
    OneOf,
    Shape,
    Tagged,
    of,
)

CB_EVENTS = "cb_events"
CB_STATS = "cb_stats"
STATBATE = "statbate"

TEXT = of(STRING)
WHOLE = of(INTEGER)
AMOUNT = of(NUMBER)
FLAG = of(BOOLEAN)
TEXT_OR_NULL = of(STRING, NULL)
WHOLE_OR_NULL = of(INTEGER, NULL)
# Statbate's gender tables contradict each other (integer codes, sometimes letters).
GENDER = of(INTEGER, STRING)
ERROR = Obj({"error": TEXT})

# ---- Chaturbate Events API ---------------------------------------------------------------

USER = Obj(
    {
        "username": TEXT,
        "inFanclub": FLAG,
        "hasTokens": FLAG,
        "isMod": FLAG,
        "gender": TEXT,
        "subgender": TEXT,
        "recentTips": TEXT,
    },
    # Not in the documentation, but real payloads carry it.
    optional={"language": TEXT},
)
MESSAGE_FIELDS: dict[str, Shape] = {
    "message": TEXT,
    "color": TEXT,
    "bgColor": TEXT_OR_NULL,
    "font": TEXT,
}


def _event(**object_fields: Shape) -> Obj:
    return Obj(
        {
            "method": TEXT,
            "id": TEXT,
            "object": Obj({"broadcaster": TEXT, **object_fields}),
        }
    )


EVENT = Tagged(
    "method",
    {
        **{
            method: _event(user=USER)
            for method in (
                "broadcastStart",
                "broadcastStop",
                "fanclubJoin",
                "follow",
                "unfollow",
                "userEnter",
                "userLeave",
            )
        },
        "chatMessage": _event(user=USER, message=Obj(MESSAGE_FIELDS)),
        "privateMessage": _event(
            user=USER, message=Obj({**MESSAGE_FIELDS, "fromUser": TEXT, "toUser": TEXT})
        ),
        "tip": _event(user=USER, tip=Obj({"tokens": WHOLE, "isAnon": FLAG, "message": TEXT})),
        "mediaPurchase": _event(
            user=USER,
            media=Obj({"id": of(INTEGER, STRING), "type": TEXT, "name": TEXT, "tokens": WHOLE}),
        ),
        "roomSubjectChange": _event(subject=TEXT),
    },
    fallback=Obj({"method": TEXT, "id": TEXT, "object": ANY}),
)
# Paths of event findings are written as in a whole answer, wherever the event was checked.
EVENT_PATH = "$.events[]"


def _events_answers(event: Shape) -> dict[int, Shape]:
    return {
        200: Obj({"events": Arr(event), "nextUrl": TEXT}),
        # "waited too long for events": the hold ended without events; not an error.
        400: Obj({"status": TEXT, "nextUrl": TEXT, "events": Arr(event)}),
    }


EVENTS_ENDPOINT = "GET /events/{username}/{token}/"
EVENTS = EndpointContract(CB_EVENTS, "events", EVENTS_ENDPOINT, _events_answers(EVENT))
# The same answer with its events left out: the worker checks each event as it parses it.
EVENTS_ENVELOPE = EndpointContract(CB_EVENTS, "events", EVENTS_ENDPOINT, _events_answers(ANY))

# ---- Chaturbate Stats API ----------------------------------------------------------------

CB_STATS_ANSWER = Obj(
    {
        "username": TEXT,
        "token_balance": WHOLE,
        "tips_in_last_hour": WHOLE,
        "votes_up": WHOLE,
        "votes_down": WHOLE,
        "satisfaction_score": AMOUNT,
        # An ISO date-time, or -1 for "never".
        "last_broadcast": of(STRING, INTEGER),
        # Minutes, or -1 for "not broadcasting".
        "time_online": WHOLE,
        "num_followers": WHOLE,
        "num_viewers": WHOLE,
        "num_registered_viewers": WHOLE,
        "num_tokened_viewers": WHOLE,
    }
)
STATS = EndpointContract(CB_STATS, "stats", "GET /statsapi/", {200: CB_STATS_ANSWER})

# ---- Statbate Premium API ----------------------------------------------------------------

RANGE = Arr(TEXT)
MEMBER_REF = Obj({"id": WHOLE_OR_NULL, "name": TEXT})
PAGINATION = Obj(
    {
        "total": WHOLE,
        "per_page": WHOLE,
        "current_page": WHOLE,
        "last_page": WHOLE,
        # Laravel's paginator sends null for both when the page is empty.
        "from": WHOLE_OR_NULL,
        "to": WHOLE_OR_NULL,
    }
)


def _meta(**keys: Shape) -> Obj:
    """An answer's `meta`: the context of the question, echoed; nothing in it is relied on."""
    return Obj({"site": TEXT}, optional=keys)


def _answer(data: Shape, meta: Obj) -> Obj:
    return Obj({"data": data, "meta": meta})


MEMBER_FIELDS: dict[str, Shape] = {
    "name": TEXT,
    "did": WHOLE,
    "last_tip_amount": WHOLE_OR_NULL,
    "models_messaged_2weeks": WHOLE,
    "models_messaged_2weeks_list": Arr(TEXT),
    "models_tipped_2weeks": WHOLE,
    "models_tipped_2weeks_list": Arr(TEXT),
    "per_day_tokens": Arr(Obj({"date": TEXT, "tokens": WHOLE})),
    "all_time_tokens": WHOLE,
}
# Absent (or null) for a member who never chatted or tipped.
MEMBER_DATES: dict[str, Shape] = {
    "first_message_date": TEXT_OR_NULL,
    "first_tip_date": TEXT_OR_NULL,
    "last_tip_date": TEXT_OR_NULL,
}
MEMBER = Obj(MEMBER_FIELDS, optional=MEMBER_DATES)
# A batch item is a member (its `error` null) or a name Statbate does not know.
BATCH_ITEM = OneOf(
    (
        Obj(
            {**MEMBER_FIELDS, "did": WHOLE_OR_NULL},
            optional={**MEMBER_DATES, "error": of(NULL)},
        ),
        Obj({"name": TEXT, "error": TEXT}),
    )
)
MODEL = Obj(
    {
        "name": TEXT,
        "rid": WHOLE,
        "gender": GENDER,
        "rank": WHOLE_OR_NULL,
        "sessions": Obj({"count": WHOLE, "total_duration": WHOLE, "average_duration": WHOLE}),
        "income": Obj({"tokens": WHOLE, "usd": AMOUNT}),
        "tags": Arr(Obj({"name": TEXT, "category": TEXT_OR_NULL})),
    }
)
MODEL_ACTIVITY = Obj(
    {
        "name": TEXT,
        "rid": WHOLE,
        "gender": GENDER,
        "summary": Obj(
            {
                "total_sessions": WHOLE,
                "public_sessions": WHOLE,
                "total_duration": WHOLE,
                "average_duration": WHOLE,
            }
        ),
        "sessions": Arr(
            Obj(
                {"start_time": TEXT, "duration": WHOLE},
                # A session still running has no end.
                optional={"end_time": TEXT_OR_NULL},
            )
        ),
    }
)
MEMBER_TIP = Obj({"time": TEXT, "model": TEXT, "rid": WHOLE, "tokens": WHOLE, "usd": AMOUNT})
MODEL_TIP = Obj({"time": TEXT, "name": TEXT, "did": WHOLE_OR_NULL, "tokens": WHOLE, "usd": AMOUNT})
TAG_SPENDING = Obj(
    {
        "position": WHOLE,
        "tag": TEXT,
        "name": TEXT,
        "value": TEXT,
        "models_count": WHOLE,
        "total_tokens": WHOLE,
        "total_usd": AMOUNT,
    }
)
TOP_MODEL = Obj(
    {
        "position": WHOLE,
        "name": TEXT,
        "rid": WHOLE,
        "gender": GENDER,
        "total_tokens": WHOLE,
        "total_usd": AMOUNT,
        "days": WHOLE,
        "daily_tokens": WHOLE,
        "daily_usd": AMOUNT,
    }
)
ACTIVITY_FIELDS: dict[str, Shape] = {"tip_count": WHOLE, "token_sum": WHOLE, "usd_sum": AMOUNT}
MEMBER_ACTIVITY = Obj(
    {
        "hourly": Arr(Obj({"hour": WHOLE, **ACTIVITY_FIELDS})),
        "daily": Arr(Obj({"day_of_week": WHOLE, "day_name": TEXT, **ACTIVITY_FIELDS})),
    }
)


def _statbate(name: str, endpoint: str, answer: Shape, *, method: str = "GET") -> EndpointContract:
    answers: dict[int, Shape] = {200: answer, 422: ERROR}
    if method == "GET":
        answers[404] = ERROR
    return EndpointContract(STATBATE, name, f"{method} {endpoint}", answers)


MEMBER_INFO = _statbate(
    "member-info",
    "/members/{site}/{name}/info",
    _answer(MEMBER, _meta(timezone=TEXT)),
)
MEMBER_BATCH = _statbate(
    "member-batch",
    "/members/{site}/info/batch",
    _answer(Arr(BATCH_ITEM), _meta(timezone=TEXT, found=WHOLE, requested=WHOLE)),
    method="POST",
)
MODEL_INFO = _statbate(
    "model-info",
    "/model/{site}/{name}/info",
    _answer(MODEL, _meta(range=RANGE, timezone=TEXT)),
)
MODEL_ACTIVITY_ENDPOINT = _statbate(
    "model-activity",
    "/model/{site}/{name}/activity",
    _answer(MODEL_ACTIVITY, _meta(range=RANGE, timezone=TEXT)),
)
MEMBER_TIPS = _statbate(
    "member-tips",
    "/members/{site}/{name}/tips",
    _answer(
        Arr(MEMBER_TIP),
        Obj(
            {"site": TEXT, "pagination": PAGINATION},
            optional={"member": MEMBER_REF, "range": RANGE, "timezone": TEXT},
        ),
    ),
)
MODEL_TIPS = _statbate(
    "model-tips",
    "/model/{site}/{name}/tips",
    _answer(
        Arr(MODEL_TIP),
        Obj(
            {"site": TEXT, "pagination": PAGINATION},
            optional={
                "model": Obj({"id": WHOLE, "name": TEXT}, optional={"gender": GENDER}),
                "range": RANGE,
                "timezone": TEXT,
            },
        ),
    ),
)
MEMBER_TAG_SPENDING = _statbate(
    "member-tag-spending",
    "/members/{site}/{name}/tag-spending",
    _answer(
        Arr(TAG_SPENDING),
        _meta(member=MEMBER_REF, range=RANGE, timezone=TEXT, pagination=PAGINATION),
    ),
)
MEMBER_TOP_MODELS = _statbate(
    "member-top-models",
    "/members/{site}/{name}/top-models",
    _answer(Arr(TOP_MODEL), _meta(member=MEMBER_REF, range=RANGE, timezone=TEXT)),
)
MEMBER_ACTIVITY_ENDPOINT = _statbate(
    "member-activity",
    "/members/{site}/{name}/activity",
    _answer(MEMBER_ACTIVITY, _meta(member=MEMBER_REF, range=RANGE, timezone=TEXT)),
)

DOCUMENTED_ENDPOINTS: tuple[EndpointContract, ...] = (
    EVENTS,
    STATS,
    MEMBER_INFO,
    MEMBER_BATCH,
    MODEL_INFO,
    MODEL_ACTIVITY_ENDPOINT,
    MODEL_TIPS,
    MEMBER_TIPS,
    MEMBER_TAG_SPENDING,
    MEMBER_TOP_MODELS,
    MEMBER_ACTIVITY_ENDPOINT,
)
