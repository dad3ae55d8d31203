"""The shapes of one line of chat copied from the site: speaker lines, tip notices, notices,
tip-menu items, lists of names. Every pattern is anchored and possessive, so a line that is
none of them fails in linear time."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

NAME = r"[A-Za-z0-9_]{1,64}+"
_SPACE = r"[ \t]"

# What may stand before a speaker's name: dates, times, [badges], (flags), and runs of
# symbols or emoji, a dozen of them at most. The first time of day in it is the clock time.
_PREFIX = (
    r"(?P<prefix>(?>(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}T?"
    r"|\[?(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?)\]?"
    r"|\[[^\[\]\n]{0,40}\]"
    r"|\([^()\n]{0,40}\)"
    r"|[^\w\n:@\[(]{1,40}+"
    r"|[\[(]"
    r"){0,12}))"
)
# "NAME tipped 50 tokens", "NAME has tipped 25 tk - note", "NAME tipped 100 tokens: note".
_TIP_TAIL = (
    rf"{_SPACE}++(?i:has{_SPACE}++)?(?i:tipped){_SPACE}++(?P<tokens>\d{{1,9}}+)"
    rf"{_SPACE}*+(?i:tokens?|tks?)\b(?P<note>.*)"
)
LINE = re.compile(
    rf"{_PREFIX}(?P<name>{NAME})(?:"
    # "NAME |100| text": a rating badge, the colon sometimes kept after it
    rf"{_SPACE}*+\|(?P<rating>\d{{1,5}}+)\|{_SPACE}*+(?:[:\uff1a]{_SPACE}*+)?(?P<rated>.*)"
    # "NAME: text", "NAME\uff1atext" (a fullwidth colon); a colon before // is a URL's scheme
    rf"|{_SPACE}*+[:\uff1a](?!//)(?P<text>.*)"
    rf"|{_TIP_TAIL})"
)
TIP = re.compile(rf"(?P<name>{NAME}){_TIP_TAIL}")
# The common line, `NAME: text`, `[21:42] 👑 NAME: text`, in a pattern much cheaper than
# LINE; where it matches, LINE reads the same name, text and clock (a badge never starts with
# a digit here, and a line starting with a date or a bare clock is left to LINE).
_BADGES = (
    r"[^\w\n:@\[(]{0,40}+"
    r"(?:(?:\[(?!\d)[^\[\]\n]{0,40}\]|\((?!\d)[^()\n]{0,40}\))[^\w\n:@\[(]{0,40}+){0,8}+"
)
_PLAIN_PREFIX = (
    rf"(?:\[(\d{{1,2}}:\d{{2}}(?::\d{{2}})?)\])?{_BADGES}(?!\d{{1,2}}:\d{{2}}|\d{{4}}[-/.])"
)
PLAIN = re.compile(
    rf"{_PLAIN_PREFIX}({NAME})"
    rf"(?:{_SPACE}*+\|\d{{1,5}}+\|{_SPACE}*+(?:[:\uff1a]{_SPACE}*+)?|{_SPACE}*+[:\uff1a](?!//))(.*)"
)
# A tip notice in the same cheap way: (clock, name, tokens, note).
PLAIN_TIP = re.compile(rf"{_PLAIN_PREFIX}({NAME}){_TIP_TAIL}")
# A line that opens a tip menu: "Tip Menu", "--- TIP MENU ---", "💰 Tip menu:".
MENU_HEADER = re.compile(r"[^\w\n]*+(?i:tip[ \t]*menu)(?:[ \t]*:)?[^\w\n]*+")
# The price of a tip-menu item: "PRICE - ITEM" first, else at the end of the line
# ("ITEM - PRICE tokens", "ITEM: PRICE", "ITEM (PRICE)", "ITEM [PRICE]"). The end is found by
# searching for the price's shape rather than by a lazy match of the item, which stays linear.
_UNIT = r"(?:[ \t]*+(?i:tokens?|tks?))?"
_DASHES = r"\-\u2013\u2014"
_PRICE_FIRST = re.compile(rf"(?P<price>\d{{1,6}}+){_UNIT}[ \t]*+[{_DASHES}:=][ \t]*+(?P<item>\S.*)")
_PRICE_LAST = re.compile(
    rf"(?:[{_DASHES}=:][ \t]*+(?P<after>\d{{1,6}}+){_UNIT}"
    rf"|\((?P<paren>\d{{1,6}}+){_UNIT}[ \t]*+\)"
    rf"|\[(?P<square>\d{{1,6}}+){_UNIT}[ \t]*+\])[ \t]*+$"
)
_BULLET = re.compile(r"[^\w\n]*+")
_ITEM_TRIM = " \t-\u2013\u2014:=•·*"

# A line of nothing but names: "a, b c;d", "@a @b".
LIST = re.compile(rf"{_SPACE}*+@?+{NAME}(?:[ \t,;]++@?+{NAME})*+[ \t,;]*+")
LIST_TOKEN = re.compile(r"(@?)([A-Za-z0-9_]+)")
# The first word of a line, for a speaker whose colon was lost ("rowdy_viking_59Loving it").
LEADING_WORD = re.compile(rf"{_PREFIX}(?P<word>[A-Za-z0-9_]++)(?P<rest>.*)")

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[ \t]*([AaPp])[Mm])?")
_NOTE_LEAD = " \t-\u2013\u2014:,."


def tip_note(raw: str) -> str | None:
    """The note after a tip notice's amount (`-- for you` -> `for you`); None when empty."""
    note = raw.strip().lstrip(_NOTE_LEAD).strip()
    return note or None


@functools.lru_cache(maxsize=8192)
def parse_clock(raw: str | None) -> time | None:
    """ "21:42:31", "9:42 PM", "21:42" as a time of day; None when there is none or it is odd."""
    if not raw:
        return None
    match = _CLOCK.fullmatch(raw.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3]) if match[3] else 0
    meridiem = (match[4] or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def menu_item(line: str, *, notice: bool = False) -> tuple[str, int] | None:
    """A tip-menu item (item, price) in one of the shapes of a menu block, or None.

    A notice (`notice=True`) only announces items as `ITEM (PRICE)`.
    """
    bullets = _BULLET.match(line)
    body = line[bullets.end() if bullets else 0 :].strip()
    if not body:
        return None
    if not notice:
        first = _PRICE_FIRST.fullmatch(body)
        if first is not None:
            return _item(first["item"], first["price"])
    last = _PRICE_LAST.search(body)
    if last is None or (notice and last["paren"] is None):
        return None
    price = last["after"] or last["paren"] or last["square"]
    return _item(body[: last.start()], price)


def _item(raw: str, price: str) -> tuple[str, int] | None:
    item = raw.strip(_ITEM_TRIM)
    if not item or not any(ch.isalpha() for ch in item):
        return None
    return item, int(price)


_STAMP = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?P<fraction>\.\d{1,9})?"
    r"[ \t]*(?P<zone>Z|[+-]\d{2}:?\d{2})?"
)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?(?:\.\d+)?")


def parse_stamp(raw: object) -> tuple[time | None, datetime | None]:
    """A time field of an export: (time of day, moment) as far as it says.

    "21:42:31" gives only the clock; "2026-01-05 21:42:31" a naive moment (the viewer's wall
    clock); "2026-01-05T21:42:31Z" or an epoch number (seconds or milliseconds) an aware one.
    """
    if isinstance(raw, bool) or raw is None:
        return None, None
    if isinstance(raw, int | float):
        return _epoch(float(raw))
    if not isinstance(raw, str):
        return None, None
    value = raw.strip()
    if len(value) <= 11 and ":" in value:
        return parse_clock(value), None
    match = _STAMP.fullmatch(value)
    if match is not None:
        clock = parse_clock(match["clock"])
        if clock is None:
            return None, None
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            return None, None
        moment = datetime.combine(day, clock)
        zone = match["zone"]
        if zone:
            offset = 0 if zone == "Z" else _offset_minutes(zone)
            if offset is None:
                return clock, None
            moment = moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
        return clock, moment
    if _EPOCH.fullmatch(value):
        return _epoch(float(value))
    return parse_clock(value), None


def _offset_minutes(zone: str) -> int | None:
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    total = hours * 60 + minutes
    return -total if zone[0] == "-" else total


def _epoch(seconds: float) -> tuple[time | None, datetime | None]:
    if seconds > 1e11:
        seconds /= 1000
    if not 946_684_800 <= seconds < 7_258_118_400:  # 2000-01-01 .. 2200-01-01
        return None, None
    moment = datetime.fromtimestamp(int(seconds), UTC)
    return moment.time(), moment
