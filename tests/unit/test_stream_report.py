"""The stream report: golden text for a whole show, and the rules of STREAM_REPORT.md as
properties (stable text, excluded users nowhere, never a silent 0)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.report_show import END, EVENTS, OWNER, PEOPLE, SHOW, START, WITH_A_GAP, at

from mhc.domain.coverage import ListeningSpan
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionType as T
from mhc.domain.models import SessionStatus
from mhc.domain.owner_clock import owner_clock
from mhc.domain.report import stream_report
from mhc.domain.report.data import ReportData, ReportEvent, ReportPerson, SubjectChange
from mhc.domain.report.figures import BUSIEST_MINUTES, compute_figures

GOLDEN = Path(__file__).parent / "golden"
DASH = "\u2013"
EXCLUDED = ExclusionPolicy(["smk_lover"])
NEW_YORK_24H = owner_clock("America/New_York", "24h")
NEW_YORK_12H = owner_clock("America/New_York", "12h")


def report(data: ReportData = SHOW, clock=NEW_YORK_24H) -> str:  # type: ignore[no-untyped-def]
    return stream_report(data, exclusion=EXCLUDED, clock=clock)


def replaced(data: ReportData, **changes: object) -> ReportData:
    return msgspec.structs.replace(data, **changes)


def test_report_matches_the_golden_text_when_the_show_was_heard_in_full() -> None:
    assert report() == (GOLDEN / "stream_report_full.md").read_text()


def test_report_says_partial_and_gives_lower_bounds_when_the_worker_missed_a_stretch() -> None:
    text = report(WITH_A_GAP, NEW_YORK_12H)

    assert text == (GOLDEN / "stream_report_gap_12h.md").read_text()
    assert text.splitlines()[1] == f"Partial: not listening 9:40 PM{DASH}9:55 PM"
    assert "- Received: at least 2,385" in text
    assert "- Net Followers: Unknown" in text
    assert "- Avg. Watch Time: Unknown" in text


def test_figures_read_unknown_never_zero_when_a_partial_show_recorded_none_of_them() -> None:
    quiet = replaced(WITH_A_GAP, events=tuple(e for e in EVENTS if e.type is not T.FOLLOW))

    text = report(quiet)

    assert "- New Followers: Unknown" in text
    assert not re.search(r": (at least )?[+]?0\b", text)


def test_report_marks_coverage_unknown_when_the_show_began_before_listening_was_recorded() -> None:
    old = replaced(SHOW, listening=(), listening_tracked_since=END + timedelta(days=1))

    text = report(old)

    assert text.splitlines()[1].startswith("Partial: the panel did not record")
    assert "- Received: at least 2,385" in text


def test_report_is_the_same_text_whatever_the_order_the_rows_arrive_in() -> None:
    expected = report()
    rng = random.Random(7)
    for _ in range(20):
        events, people = list(EVENTS), list(PEOPLE)
        rng.shuffle(events)
        rng.shuffle(people)
        assert report(replaced(SHOW, events=tuple(events), people=tuple(people))) == expected


def test_excluded_user_appears_nowhere_when_they_tipped_chatted_pmed_and_were_mentioned() -> None:
    mentioned = replaced(
        SHOW,
        subject_before=SubjectChange(subject="Thanks smk_lover!", at=START),
        events=(
            *EVENTS,
            ReportEvent(id=900, person_id=1, type=T.CHAT_MESSAGE, occurred_at=at(70),
                        content="thank you @SMK_Lover and velvet_fox"),
            ReportEvent(id=901, person_id=2, type=T.TIP, occurred_at=at(70.5), tokens=40),
        ),
    )  # fmt: skip

    text = report(mentioned)

    assert "smk_lover" not in text.lower()
    assert "Room Subject: Thanks someone!" in text
    assert '"thank you someone and velvet_fox"' in text


def test_friends_are_bold_and_known_streamers_starred_except_on_their_own_line() -> None:
    text = report()
    lines = text.splitlines()
    streamers = lines.index("- Known Streamers:")

    assert lines[streamers + 1 : streamers + 3] == ["  - cam_star_5", "  - **star_and_friend**"]
    assert "2. cam_star_5* — 800" in lines
    assert "1. **velvet_fox** — 1,250" in lines
    assert "  - **star_and_friend***" in lines
    assert "velvet_fox" not in text.replace("**velvet_fox**", "")


def test_every_heading_is_followed_by_one_blank_line_and_lists_are_bullets() -> None:
    text = report()
    lines = text.splitlines()

    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    for index, line in enumerate(lines):
        if line.startswith("## "):
            assert lines[index + 1] == ""
            assert lines[index + 2].startswith(("- ", "1. ", "-"))
            assert lines[index - 1] == ""
    assert all(line == line.rstrip() for line in lines)


def test_label_names_both_dates_when_the_show_crosses_midnight() -> None:
    one_evening = replaced(SHOW, ended_at=at(60), as_of=at(60))
    new_year = replaced(
        SHOW,
        started_at=START.replace(month=12, day=31, hour=23),
        ended_at=START.replace(year=2027, month=1, day=1, hour=6),
        as_of=START.replace(year=2027, month=1, day=1, hour=6),
    )

    assert report().startswith(f"S: 2026-11-20/21 Stream {DASH}\n")
    assert report(one_evening).startswith(f"S: 2026-11-20 Stream {DASH}\n")
    assert report(new_year).startswith(f"S: 2026-12-31/2027-01-01 Stream {DASH}\n")
    assert report(replaced(SHOW, theme="  Cozy Friday  ")).startswith(
        f"S: 2026-11-20/21 Stream {DASH} Cozy Friday\n"
    )


def test_times_follow_the_owners_zone_and_clock() -> None:
    tokyo = report(clock=owner_clock("Asia/Tokyo", "24h"))

    assert "Start: 2026-11-21 11:04 (Asia/Tokyo)" in tokyo
    assert "Start: 2026-11-20 9:04 PM (America/New_York)" in report(clock=NEW_YORK_12H)


def test_live_show_ends_as_of_the_newest_thing_heard() -> None:
    live = replaced(SHOW, ended_at=None, status=SessionStatus.LIVE, as_of=at(100))

    text = report(live)

    assert "End: still live, as of 2026-11-20 22:44 (America/New_York)" in text
    assert "Duration: 1h 40m" in text


def test_report_of_an_empty_show_leaves_figures_empty_not_invented() -> None:
    empty = ReportData(
        session_id=1,
        broadcaster=OWNER,
        started_at=START,
        ended_at=START + timedelta(minutes=30),
        status=SessionStatus.ENDED,
        as_of=START + timedelta(minutes=30),
        listening=(ListeningSpan(started_at=START, ended_at=START + timedelta(minutes=30)),),
        listening_tracked_since=START,
    )

    text = report(empty)

    assert "Room Subject: Unknown" in text
    assert "- Received: 0" in text
    assert "- Max Viewers: Unknown" in text
    assert "## Top Lovers Board\n\n- None" in text
    assert "- Best hour: no tips." in text
    assert text.endswith("## Opportunities for Next Stream\n\n-\n")


names = st.sampled_from([p for p in PEOPLE if p.username != OWNER])
kinds = st.sampled_from([T.TIP, T.CHAT_MESSAGE, T.USER_ENTER, T.USER_LEAVE, T.FOLLOW,
                         T.PRIVATE_MESSAGE, T.UNFOLLOW])  # fmt: skip
texts = st.sampled_from(["hi", "@smk_lover you there", "SMK_LOVER!!", "tip for smk_lover", ""])
events = st.lists(
    st.tuples(names, kinds, st.floats(min_value=0, max_value=190), texts,
              st.integers(min_value=1, max_value=2000)),
    max_size=40,
)  # fmt: skip


def _show(rows: list[tuple[ReportPerson, T, float, str, int]], gap: bool) -> ReportData:
    built = tuple(
        ReportEvent(id=index, person_id=person.id, type=kind, occurred_at=at(minute),
                    content=text or None, tokens=tokens if kind is T.TIP else None)
        for index, (person, kind, minute, text, tokens) in enumerate(rows, 1)
    )  # fmt: skip
    return replaced(WITH_A_GAP if gap else SHOW, events=built)


@settings(max_examples=60, deadline=None)
@given(events, st.booleans(), st.sampled_from([NEW_YORK_12H, NEW_YORK_24H]))
def test_excluded_name_never_appears_and_text_is_stable_for_any_show(
    rows: list[tuple[ReportPerson, T, float, str, int]], gap: bool, clock: object
) -> None:
    data = _show(rows, gap)

    text = report(data, clock)

    assert "smk_lover" not in text.lower()
    assert report(replaced(data, events=tuple(reversed(data.events))), clock) == text
    if gap:
        assert text.splitlines()[1].startswith("Partial:")
        assert not re.search(r": (at least )?[+]?0\b", text)


# A busy chat: lines a few seconds apart over a few minutes.
chat_lines = st.lists(
    st.tuples(names, st.just(T.CHAT_MESSAGE), st.floats(min_value=0, max_value=6), texts,
              st.just(1)),
    max_size=40,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(chat_lines)
def test_busiest_minutes_count_each_minute_s_chat_lines_for_any_show(
    rows: list[tuple[ReportPerson, T, float, str, int]],
) -> None:
    data = _show(rows, gap=False)
    speakers = {
        p.id for p in data.people if not p.is_excluded and not EXCLUDED.is_excluded(p.username)
    }
    lines = Counter(
        e.occurred_at.replace(second=0, microsecond=0)
        for e in data.events
        if e.type is T.CHAT_MESSAGE and e.person_id in speakers
    )
    expected = sorted(lines.items(), key=lambda item: (-item[1], item[0]))[:BUSIEST_MINUTES]

    figures = compute_figures(data, exclusion=EXCLUDED, clock=NEW_YORK_24H)

    assert [(m.at, m.messages) for m in figures.busiest_minutes] == expected
