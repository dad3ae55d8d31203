"""Small helpers that keep the summaries of every dimension worded alike."""

from __future__ import annotations

from datetime import datetime, timedelta


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 tip", "2 tips", "1,200 tips"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def percent(share: float) -> str:
    """A share in [0, 1] as a whole percentage ("42%")."""
    return f"{round(share * 100)}%"


def ago(moment: datetime, now: datetime) -> str:
    """ "today", "yesterday", "12 days ago" (never negative: a future time reads "today")."""
    days = max((now - moment) // timedelta(days=1), 0)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days:,} days ago"


def day_text(moment: datetime) -> str:
    return moment.date().isoformat()
