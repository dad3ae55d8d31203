"""The stream report as Markdown, in the house format of STREAM_REPORT.md.

Rules kept here: a figure that needs every event is a number only when the show is fully
covered, else `at least N` (or `Unknown` when nothing was recorded); Friends are bold and
Known Streamers carry a trailing `*` everywhere but their own line; excluded names appear
nowhere, not even inside quoted text; several names are one bullet each; a heading is
followed by one blank line; the same figures give the same text, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from mhc.domain.coverage import CoverageState
from mhc.domain.owner_clock import (
    OwnerClock,
    date_text,
    datetime_text,
    duration_text,
    time_text,
)
from mhc.domain.report.data import ReportPerson
from mhc.domain.report.figures import ReportFigures
from mhc.domain.watchlists import FRIENDS, KNOWN_STREAMERS

UNKNOWN = "Unknown"
EN_DASH = "\u2013"
NONE = "None"
QUOTE_LENGTH = 80
# "Entered But Didn't Stay" names the people too when they are this few.
FEW_NAMES = 10
# Sections the panel cannot fill from data: left for the owner, never invented.
OWNER_SECTIONS = ("Vibe", "Opportunities for Next Stream")
_SPACES = re.compile(r"\s+")


def render_report(figures: ReportFigures, clock: OwnerClock) -> str:
    """The whole report, ending with one newline."""
    return _Writer(figures, clock).render()


class _Writer:
    def __init__(self, figures: ReportFigures, clock: OwnerClock) -> None:
        self.f = figures
        self.clock = clock
        self.full = figures.coverage.state is CoverageState.FULL
        names = sorted(figures.excluded_names, key=len, reverse=True)
        self._excluded = (
            re.compile(
                r"(?<![A-Za-z0-9_])@?("
                + "|".join(re.escape(n) for n in names)
                + r")(?![A-Za-z0-9_])",
                re.IGNORECASE,
            )
            if names
            else None
        )

    def render(self) -> str:
        blocks = [
            self.header(),
            self.section("Room Subject Variants", self.variants()),
            self.section("Tokens", self.tokens()),
            self.section("Viewers", self.viewers()),
            self.section("Followers", self.followers()),
            self.section("Visitors", self.visitors()),
            self.section("Tracking", self.tracking()),
            self.section("Top Lovers Board", self.board()),
            self.section("Notable Private Dynamics", self.private_dynamics()),
            self.section("Tippers Summary", self.tippers()),
            self.section("Chat Highlights", self.highlights()),
            self.section("Overall Summary", self.summary()),
            *(self.section(title, ["-"]) for title in OWNER_SECTIONS),
        ]
        return "\n\n".join(blocks) + "\n"

    # --- blocks ----------------------------------------------------------------------------

    def header(self) -> str:
        f, clock = self.f, self.clock
        label = f"S: {self.dates()} Stream {EN_DASH}"
        lines = [f"{label} {f.theme}" if f.theme else label]
        partial = self.partial_line()
        if partial:
            lines.append(partial)
        zone = f"({clock.timezone})"
        lines.append(f"Duration: {duration_text(f.duration)}")
        lines.append(f"Start: {datetime_text(f.started_at, clock)} {zone}")
        if f.live:
            lines.append(f"End: still live, as of {datetime_text(f.end, clock)} {zone}")
        else:
            lines.append(f"End: {datetime_text(f.end, clock)} {zone}")
        subject = self.text(f.subject_at_start) if f.subject_at_start else UNKNOWN
        lines.append(f"Room Subject: {subject}")
        return "\n".join(lines)

    def dates(self) -> str:
        start = date_text(self.f.started_at, self.clock)
        end = date_text(self.f.end, self.clock)
        if end == start:
            return start
        if end[:4] != start[:4]:
            return f"{start}/{end}"
        return f"{start}/{end[8:]}" if end[:7] == start[:7] else f"{start}/{end[5:]}"

    def partial_line(self) -> str | None:
        coverage = self.f.coverage
        if coverage.state is CoverageState.FULL:
            return None
        if coverage.state is CoverageState.UNKNOWN:
            return "Partial: the panel did not record when it was listening during this show"
        spans = ", ".join(self.span(gap.started_at, gap.ended_at) for gap in coverage.gaps)
        return f"Partial: not listening {spans}"

    def section(self, title: str, lines: Sequence[str]) -> str:
        return f"## {title}\n\n" + "\n".join(lines)

    def variants(self) -> list[str]:
        return [
            f"- {time_text(change.at, self.clock)} — {self.text(change.subject)}"
            for change in self.f.subject_variants
        ] or [f"- {NONE}"]

    def tokens(self) -> list[str]:
        f = self.f
        average = UNKNOWN
        if f.duration >= timedelta(minutes=1):
            average = self.count(round(f.tokens / (f.duration / timedelta(hours=1))))
        return [f"- Received: {self.count(f.tokens)}", f"- Average/hr: {average}"]

    def viewers(self) -> list[str]:
        f = self.f
        peak = UNKNOWN
        if f.max_viewers is not None and f.max_viewers.viewers is not None:
            peak = f"{f.max_viewers.viewers:,}"
            if f.max_viewers.registered is not None:
                peak += f" ({f.max_viewers.registered:,} registered)"
        watch = UNKNOWN
        if self.full and f.average_watch is not None:
            watch = _watch_text(f.average_watch)
        return [
            f"- Max Viewers: {peak}",
            f"- Unique Registered Viewers: {self.count(f.unique_viewers)}",
            f"- Avg. Watch Time: {watch}",
        ]

    def followers(self) -> list[str]:
        f = self.f
        net = _signed(f.new_followers - f.unfollows) if self.full else UNKNOWN
        return [
            f"- New Followers: {self.count(f.new_followers, signed=True)}",
            f"- Losers: {self.count(f.unfollows)}",
            f"- Net Followers: {net}",
        ]

    def visitors(self) -> list[str]:
        f = self.f
        quick = self.count(len(f.left_quickly))
        lines = self.names_item("Stayed a Bit", [self.name(p) for p in f.stayed])
        lines.append(f"- Entered But Didn't Stay: {quick}")
        if len(f.left_quickly) <= FEW_NAMES:
            lines.extend(f"  - {self.name(p)}" for p in f.left_quickly)
        lines.append(f"- Got Banned: {UNKNOWN}")
        return lines

    def tracking(self) -> list[str]:
        f = self.f
        notable = []
        for item in f.notable:
            if item.absent is None:
                notable.append(f"{self.name(item.person)} — first visit, {item.tokens:,} tokens")
            else:
                spent = f", {item.tokens:,} {_plural(item.tokens, 'token')}" if item.tokens else ""
                back = f"back after {item.absent.days} days{spent}"
                notable.append(f"{self.name(item.person)} — {back}")
        return [
            *self.names_item("Friends", [self.name(p) for p in f.friends]),
            *self.names_item(
                "Known Streamers", [self.name(p, star=False) for p in f.known_streamers]
            ),
            *self.names_item(
                "Tracked Users",
                [f"{self.name(t.person)} ({', '.join(t.lists)})" for t in f.tracked],
            ),
            *self.names_item("Notable Visitors", notable),
        ]

    def board(self) -> list[str]:
        return [
            f"{rank}. {self.name(t.person)} — {self.count(t.tokens)}"
            for rank, t in enumerate(self.f.tippers[:10], start=1)
        ] or [f"- {NONE}"]

    def private_dynamics(self) -> list[str]:
        lines = []
        for thread in self.f.pm_threads:
            parts = []
            if thread.received:
                parts.append(f"{self.count(thread.received)} {_plural(thread.received, 'PM')}")
            if thread.sent:
                parts.append(f"{thread.sent:,} {_plural(thread.sent, 'reply', 'replies')}")
            counts = ", ".join(parts)
            quote = f': "{self.quote(thread.first_line)}"' if thread.first_line else ""
            lines.append(f"- {self.name(thread.person)} — {counts}{quote}")
        return lines or [f"- {NONE}"]

    def tippers(self) -> list[str]:
        f = self.f
        biggest = NONE if self.full else UNKNOWN
        if f.biggest_tip is not None:
            tip = f.biggest_tip
            at = time_text(tip.at, self.clock, seconds=True)
            biggest = f"{self.count(tip.tokens)} from {self.name(tip.person)} at {at}"
        return [
            f"- Tippers: {self.count(len(f.tippers))}",
            f"- First-Time Tippers: {self.count(f.first_time_tippers)}",
            f"- Biggest Single Tip: {biggest}",
            "- Tips by Size:",
            *(f"  - {_band(low, high)}: {self.count(count)}" for low, high, count in f.tip_bands),
        ]

    def highlights(self) -> list[str]:
        f = self.f
        # A minute's count, or a line's tips, are whole wherever the panel was listening.
        minutes = [
            f"{time_text(m.at, self.clock)} — {m.messages:,} {_plural(m.messages, 'message')}"
            for m in f.busiest_minutes
        ]
        chatters = [
            f"{self.name(c.person)} — {self.count(c.messages)} {_plural(c.messages, 'message')}"
            for c in f.chatters
        ]
        drawing = [
            f"{time_text(m.at, self.clock, seconds=True)} "
            f'{self.name(m.author) if m.author else f.broadcaster}: "{self.quote(m.text)}" — '
            f"{m.tips:,} {_plural(m.tips, 'tip')}, {m.tokens:,} {_plural(m.tokens, 'token')}"
            for m in f.drawing_messages
        ]
        return [
            *self.names_item("Busiest Minutes", minutes, nested=True),
            *self.names_item("Most Active Chatters", chatters, nested=True),
            *self.names_item("Messages That Drew Tips", drawing, nested=True),
        ]

    def summary(self) -> list[str]:
        f = self.f
        first = (
            f"- {duration_text(f.duration)} on air; tokens: {self.count(f.tokens)} from "
            f"{self.count(len(f.tippers))} {_plural(len(f.tippers), 'tipper')}; "
            f"new followers: {self.count(f.new_followers, signed=True)}."
        )
        if not self.full:
            best = UNKNOWN
        elif f.best_hour is None:
            best = "no tips"
        else:
            ends = f.best_hour.starts_at + timedelta(hours=1)
            tokens = f"{f.best_hour.tokens:,} {_plural(f.best_hour.tokens, 'token')}"
            best = f"{self.span(f.best_hour.starts_at, ends)} ({tokens})"
        return [first, f"- Best hour: {best}."]

    # --- pieces ----------------------------------------------------------------------------

    def names_item(self, label: str, names: Sequence[str], *, nested: bool = False) -> list[str]:
        """`- Label: name`, or the label with one sub-bullet per name when there are several."""
        if not names:
            return [f"- {label}: {NONE}"]
        if len(names) == 1 and not nested:
            return [f"- {label}: {names[0]}"]
        return [f"- {label}:", *(f"  - {name}" for name in names)]

    def name(self, person: ReportPerson, *, star: bool = True) -> str:
        text = person.username
        if FRIENDS in person.lists:
            text = f"**{text}**"
        if star and KNOWN_STREAMERS in person.lists:
            text += "*"
        return text

    def count(self, value: int, *, signed: bool = False) -> str:
        """A figure that needs every event: exact when covered, else a lower bound."""
        text = _signed(value) if signed else f"{value:,}"
        if self.full:
            return text
        return f"at least {text}" if value > 0 else UNKNOWN

    def span(self, start: datetime, end: datetime) -> str:
        first, last = time_text(start, self.clock), time_text(end, self.clock)
        if first == last:
            first = time_text(start, self.clock, seconds=True)
            last = time_text(end, self.clock, seconds=True)
        return f"{first}{EN_DASH}{last}"

    def text(self, value: str) -> str:
        """Free text on one line, with excluded names masked."""
        flat = _SPACES.sub(" ", value).strip()
        return self._excluded.sub("someone", flat) if self._excluded else flat

    def quote(self, value: str) -> str:
        flat = self.text(value)
        return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


def _band(low: int, high: int | None) -> str:
    return f"{low:,}+" if high is None else f"{low:,}{EN_DASH}{high:,}"


def _signed(value: int) -> str:
    return f"+{value:,}" if value > 0 else f"{value:,}"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return word if count == 1 else (many or f"{word}s")


def _watch_text(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h {minutes}m {seconds}s" if hours else f"{minutes}m {seconds}s"
