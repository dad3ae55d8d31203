"""A show of the owner's room as the report source would read it: the stream report's tests
build on it.

Friday 20 November 2026, 21:04 to 00:16 in New York (02:04 to 05:16 UTC), with a Friend, a
Known Streamer, a newcomer who tips big, a regular back after 45 days, a PM thread, two
people who left at once, and the excluded smk_lover everywhere (tips, chat, PMs, mentions).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mhc.domain.coverage import ListeningSpan
from mhc.domain.models import InteractionType as T
from mhc.domain.models import SessionStatus
from mhc.domain.report.data import (
    ReportData,
    ReportEvent,
    ReportPerson,
    SubjectChange,
    ViewerCount,
)

START = datetime(2026, 11, 21, 2, 4, tzinfo=UTC)
END = datetime(2026, 11, 21, 5, 16, tzinfo=UTC)
OWNER = "hudson_cage"

PEOPLE = (
    ReportPerson(id=1, username=OWNER, last_seen_before=START - timedelta(days=2)),
    ReportPerson(
        id=2,
        username="velvet_fox",
        lists=("Friends", "Regulars"),
        last_seen_before=START - timedelta(days=3),
        tipped_before=True,
    ),
    ReportPerson(
        id=3,
        username="cam_star_5",
        lists=("Known Streamers",),
        last_seen_before=START - timedelta(days=7),
        tipped_before=True,
    ),
    ReportPerson(
        id=4,
        username="smk_lover",
        is_excluded=True,
        lists=("Excluded",),
        last_seen_before=START - timedelta(days=1),
    ),
    ReportPerson(id=5, username="big_tipper_77", lists=("Ones to Watch",)),
    ReportPerson(id=6, username="night_owl_3", last_seen_before=START - timedelta(days=45)),
    ReportPerson(id=7, username="lazy_wolf_39", last_seen_before=START - timedelta(days=5)),
    ReportPerson(id=8, username="quiet_guest_1"),
    ReportPerson(
        id=9,
        username="star_and_friend",
        lists=("Friends", "Known Streamers"),
        last_seen_before=START - timedelta(days=10),
        tipped_before=True,
    ),
)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def _events() -> tuple[ReportEvent, ...]:
    rows: list[tuple[float, int, T, str | None, int | None, bool]] = [
        (0, 1, T.BROADCAST_START, None, None, False),
        (0.5, 2, T.USER_ENTER, None, None, False),
        (0.6, 4, T.USER_ENTER, None, None, False),
        (1, 3, T.USER_ENTER, None, None, False),
        (2, 1, T.ROOM_SUBJECT_CHANGE, "Friday   night\nfun #tease", None, False),
        (3, 5, T.USER_ENTER, None, None, False),
        (4, 1, T.CHAT_MESSAGE, "who wants a dance?", None, False),
        (4.5, 5, T.TIP, None, 300, False),
        (4.6, 2, T.TIP, None, 1000, False),
        (5, 4, T.CHAT_MESSAGE, "hi all", None, False),
        (5.2, 4, T.TIP, None, 5000, False),
        (6, 2, T.CHAT_MESSAGE, "@smk_lover look at this", None, False),
        (6.1, 2, T.CHAT_MESSAGE, "love it", None, False),
        (6.3, 3, T.TIP, None, 800, False),
        (6.4, 3, T.CHAT_MESSAGE, "great show", None, False),
        (10, 6, T.USER_ENTER, None, None, False),
        (10, 8, T.USER_ENTER, None, None, False),
        (11, 8, T.USER_LEAVE, None, None, False),
        (12, 6, T.USER_LEAVE, None, None, False),
        (20, 7, T.USER_ENTER, None, None, False),
        (21, 7, T.PRIVATE_MESSAGE, "hey, are you doing privates tonight?", None, False),
        (22, 7, T.PRIVATE_MESSAGE, "maybe later!", None, True),
        (23, 7, T.PRIVATE_MESSAGE, "ok", None, False),
        (24, 4, T.PRIVATE_MESSAGE, "secret", None, False),
        (30, 7, T.FOLLOW, None, None, False),
        (31, 5, T.FOLLOW, None, None, False),
        (32, 4, T.FOLLOW, None, None, False),
        (33, 8, T.UNFOLLOW, None, None, False),
        (35, 9, T.CHAT_MESSAGE, "hey hudson", None, False),
        (50, 1, T.ROOM_SUBJECT_CHANGE, "Spin the wheel [100 tk]", None, False),
        (55, 1, T.ROOM_SUBJECT_CHANGE, "Spin the wheel [100 tk]", None, False),
        (60, 2, T.TIP, None, 250, False),
        (61, 9, T.TIP, None, 25, False),
        (62, 5, T.TIP, None, 10, False),
        (120, 3, T.USER_LEAVE, None, None, False),
        (190, 1, T.BROADCAST_STOP, None, None, False),
    ]
    return tuple(
        ReportEvent(
            id=index,
            person_id=person,
            type=kind,
            occurred_at=at(minutes),
            content=content,
            tokens=tokens,
            from_owner=from_owner,
        )
        for index, (minutes, person, kind, content, tokens, from_owner) in enumerate(rows, 1)
    )


EVENTS = _events()

SHOW = ReportData(
    session_id=42,
    broadcaster=OWNER,
    started_at=START,
    ended_at=END,
    status=SessionStatus.ENDED,
    as_of=END,
    events=EVENTS,
    people=PEOPLE,
    subject_before=SubjectChange(subject="Chill Friday", at=START - timedelta(hours=20)),
    viewer_counts=(
        ViewerCount(captured_at=at(5), viewers=40, registered=30),
        ViewerCount(captured_at=at(60), viewers=87, registered=61),
        ViewerCount(captured_at=at(120), viewers=87, registered=70),
        ViewerCount(captured_at=at(125), viewers=None, registered=None),
    ),
    listening=(
        ListeningSpan(started_at=START - timedelta(seconds=20), ended_at=at(100)),
        ListeningSpan(started_at=at(100) + timedelta(seconds=10), ended_at=END),
    ),
    listening_tracked_since=START - timedelta(days=30),
)

# The same show with the worker stopped from 21:40 to 21:55, New York time.
WITH_A_GAP = ReportData(
    **{
        **{field: getattr(SHOW, field) for field in SHOW.__struct_fields__},
        "listening": (
            ListeningSpan(started_at=START, ended_at=at(36)),
            ListeningSpan(started_at=at(51), ended_at=END),
        ),
    }
)
