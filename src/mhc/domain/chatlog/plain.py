"""Chat copied from the site with the mouse: speaker lines, tip notices, notices, tip menus,
noise, lists of names, and speakers whose colon was lost in the copy."""

from __future__ import annotations

import re
from collections.abc import Callable

from mhc.domain.chatlog import lines as shapes
from mhc.domain.chatlog.collect import Collector
from mhc.domain.chatlog.model import ChatMessage, MessageKind, NameSource, PasteFormat
from mhc.domain.chatlog.names import is_name_like
from mhc.domain.chatlog.structured import STARTS
from mhc.domain.chatlog.vocabulary import (
    LABEL_WORDS,
    NOT_NAMES,
    ROOM_BROADCASTER,
    SEPARATOR,
    is_noise,
)

# Lines whose speaker may have lost their colon, and names asked about for them, at most.
MAX_CANDIDATE_LINES = 200
MAX_CANDIDATES = 5_000
_MIN_PREFIX = 3
# The longest block of room rules dropped after its header.
_RULES_LINES = 15
# How joins and leaves end ("has joined the room.").
_JOINS = ("the room.", "the room")
# The first field of a structured export's line.
_FIELDS = frozenset({"chattype", "timestamp", "username"})
# A lower-case name run into a capital: "rowdy_viking_59Loving the vibe".
_CASE_SPLIT = re.compile(r"[a-z0-9_]{3,64}+(?=[A-Z])")


class PlainLines:
    """Reads lines into a Collector; `finish()` then reads what needed every speaker known."""

    def __init__(self, into: Collector) -> None:
        self.into = into
        self.pending: list[tuple[int, str]] = []
        self.menu_open = False
        # Lines of a room-rules block still to drop (it ends at a separator).
        self.rules_left = 0

    def read(self, lines: list[str], structured: Callable[[int, str], bool]) -> None:
        """Every line in order; `structured` reads a line of the bookmarklet's export, if it is.

        The common line, `NAME: text`, is read right here: this loop is the parser's hot path.
        """
        into = self.into
        match_plain = shapes.PLAIN.match
        names = into.names
        speakers = into.speakers
        append = into.messages.append
        kind = into.message_kind
        owner = into.owner
        parse_clock = shapes.parse_clock
        said, tipped = NameSource.SPEAKER, NameSource.TIP
        tip_note = shapes.tip_note
        match_tip = shapes.PLAIN_TIP.match
        chat = False
        for number, line in enumerate(lines, 1):
            plain = match_plain(line)
            if plain is None or self.menu_open:
                if self.menu_open:
                    self.slow(number, line, structured)
                elif "tipped" in line and (tip := match_tip(line)) is not None:
                    clock, name, tokens, note = tip.group(1, 2, "tokens", "note")
                    tipper = name.lower()
                    if tipper in NOT_NAMES:
                        into.noise += 1
                        continue
                    seen = names.get(tipper)
                    if seen is None:
                        into.name(tipper, number, tip.start(2), tipped)
                    elif tipped not in seen.sources:
                        seen.sources.append(tipped)
                    note = tip_note(note)
                    chat = True
                    append(
                        ChatMessage(
                            line=number,
                            speaker=tipper,
                            text=line[tip.start(2) :].strip(),
                            kind=MessageKind.TIP,
                            from_owner=tipper == owner,
                            is_broadcaster=tipper == owner,
                            clock=None if clock is None else parse_clock(clock),
                            tokens=int(tokens),
                            note=note,
                        )
                    )
                    if note is not None and ("@" in note or "/" in note):
                        into.names_in(note, number, 0)
                elif line.endswith(_JOINS) and is_noise(line):
                    # "NAME has joined the room.": the commonest notice, dropped at once.
                    self.noise(line)
                else:
                    self.slow(number, line, structured)
                continue
            clock, name, text = plain.group(1, 2, 3)
            speaker = name.lower()
            if speaker in NOT_NAMES:
                if speaker in LABEL_WORDS:
                    self.notice(number, text.strip(), clock)
                elif not (speaker in _FIELDS and structured(number, line.strip())):
                    self.slow(number, line, structured)
                continue
            text = text.strip()
            seen = names.get(speaker)
            if seen is None:
                into.name(speaker, number, plain.start(2), said)
                speakers.add(speaker)
            elif said not in seen.sources:
                seen.sources.append(said)
                speakers.add(speaker)
            if not text:
                continue
            at = None if clock is None else parse_clock(clock)
            chat = True
            append(
                ChatMessage(
                    line=number,
                    speaker=speaker,
                    text=text,
                    kind=kind,
                    from_owner=speaker == owner,
                    is_broadcaster=speaker == owner,
                    clock=at,
                )
            )
            if "@" in text or "/" in text:
                into.names_in(text, number, plain.start(3))
        if chat:
            into.formats.add(PasteFormat.CHAT)

    def slow(self, number: int, raw: str, structured: Callable[[int, str], bool]) -> None:
        """Any line but the common one."""
        line = raw.strip()
        if not line or (line.startswith(STARTS) and structured(number, line)):
            return
        match = shapes.LINE.match(line)
        if match is None:
            self.other(number, line)
            return
        speaker = match["name"].lower()
        text = match["text"]
        if text is None or self.menu_open or speaker in NOT_NAMES:
            self.line(number, line, match, speaker)
        else:
            self.speaker(number, speaker, text.strip(), match["clock"], match.start("name"))

    def line(self, number: int, line: str, match: re.Match[str], speaker: str) -> None:
        """A line that starts with a name but is not a plain `NAME: text` line."""
        if speaker in LABEL_WORDS:
            rest = match["text"] if match["text"] is not None else match["rated"]
            self.notice(number, (rest or "").strip(), match["clock"])
            return
        if self.menu_open:
            item = shapes.menu_item(line)
            if item is not None:
                self.into.item(number, item)
                return
            self.menu_open = False
        tokens = match["tokens"]
        if tokens is not None:
            text = line[match.start("name") :]
            self.tip(number, speaker, int(tokens), match["note"], match["clock"], text)
            return
        if speaker in NOT_NAMES:
            self.into.unparsed += 1
            return
        text = match["text"]
        if text is None:
            text = match["rated"]
        self.speaker(number, speaker, text.strip(), match["clock"], match.start("name"))

    def speaker(self, number: int, speaker: str, text: str, clock: str | None, at: int) -> None:
        into = self.into
        into.formats.add(PasteFormat.CHAT)
        if not text:
            into.speakers.add(speaker)
            into.name(speaker, number, at, NameSource.SPEAKER)
            return
        into.message(
            number,
            speaker,
            text,
            into.message_kind,
            column=at,
            clock=shapes.parse_clock(clock) if clock else None,
        )

    def tip(
        self, number: int, tipper: str, tokens: int, note: str, clock: str | None, text: str
    ) -> None:
        if tipper in NOT_NAMES:
            self.into.noise += 1
            return
        self.into.formats.add(PasteFormat.CHAT)
        self.into.message(
            number,
            tipper,
            text.strip(),
            MessageKind.TIP,
            clock=shapes.parse_clock(clock) if clock else None,
            tokens=tokens,
            note=shapes.tip_note(note),
        )

    def notice(self, number: int, rest: str, clock: str | None) -> None:
        """The text after a label ("Notice: ..."): a menu, an item, a tip, or noise."""
        if shapes.MENU_HEADER.fullmatch(rest):
            self.menu_open = True
            return
        tip = shapes.TIP.match(rest)
        if tip is not None and tip["name"].lower() not in NOT_NAMES:
            self.tip(number, tip["name"].lower(), int(tip["tokens"]), tip["note"], clock, rest)
            return
        item = shapes.menu_item(rest, notice=not self.menu_open)
        if item is not None:
            self.into.item(number, item)
            return
        self.menu_open = False
        self.noise(rest)

    def noise(self, line: str) -> None:
        if "roadcaster" in line and self.into.room is None:
            room = ROOM_BROADCASTER.search(line)
            if room is not None:
                self.into.room = room[1].lower()
        self.into.noise += 1

    def other(self, number: int, line: str) -> None:
        """A line that is no speaker's: menu, noise, or left until every speaker is known."""
        if self.rules_left:
            # Inside a block of room rules, up to the separator that ends it.
            self.rules_left = 0 if SEPARATOR.fullmatch(line) else self.rules_left - 1
            self.into.noise += 1
            return
        if self.menu_open:
            item = shapes.menu_item(line)
            if item is not None:
                self.into.item(number, item)
                return
            self.menu_open = False
        if shapes.MENU_HEADER.fullmatch(line):
            self.menu_open = True
            return
        if SEPARATOR.fullmatch(line) or ROOM_BROADCASTER.match(line) or is_noise(line):
            if "rules" in line.lower():
                self.rules_left = _RULES_LINES
            self.noise(line)
            return
        self.pending.append((number, line))

    # ---- what needed every speaker known ---------------------------------------------------

    def finish(self) -> None:
        """Lists of names, lost colons and unreadable lines, now that every speaker is known."""
        into = self.into
        if self.pending:
            # Lines read now come before lines read already.
            into.in_order = False
        chat = bool(into.messages)
        known = into.speakers | into.known
        if into.owner:
            known.add(into.owner)
        starts = {name[:_MIN_PREFIX] for name in known}
        asked = 0
        for number, line in self.pending:
            if self.list_line(number, line, chat, known):
                continue
            if self.lost_colon(number, line, known, starts, chat):
                continue
            asked += 1
            if asked <= MAX_CANDIDATE_LINES:
                self.candidates(line)
            into.unparsed += 1
            into.names_in(line, number, 0)

    def list_line(self, number: int, line: str, chat: bool, known: set[str]) -> bool:
        """A line of nothing but names: "a, b c;d", "@a @b"; in a paste of chat, name-like ones.

        "@lazy_wolf_39 hello, welcome back" is a message to someone, not a list.
        """
        if shapes.LIST.fullmatch(line) is None:
            return False
        tokens = list(dict.fromkeys(shapes.LIST_TOKEN.findall(line)))
        if tokens[0][0] and not all(at for at, _ in tokens):
            return False
        if chat and not all(
            at or is_name_like(word) or word.lower() in known for at, word in tokens
        ):
            return False
        self.into.formats.add(PasteFormat.NAMES)
        for at, word in tokens:
            self.into.name(word.lower(), number, 0, NameSource.MENTION if at else NameSource.LIST)
        return True

    def lost_colon(
        self, number: int, line: str, known: set[str], starts: set[str], chat: bool
    ) -> bool:
        """`rowdy_viking_59Loving it`: a speaker's name run into their message.

        Split where a lower-case name runs into a capital (the site shows names in lower case)
        when that name is known, or name-like in a paste of chat; else at the longest known
        name the line starts with. `starts` holds the first letters of every known name.
        """
        match = shapes.LEADING_WORD.match(line)
        if match is None:
            return False
        word = match["word"]
        split = _CASE_SPLIT.match(word)
        if (
            split is not None
            and (split[0] in known or (chat and is_name_like(split[0])))
            and self.trusted(split[0])
        ):
            return self.split(number, match, split[0], split.end())
        lower = word.lower()
        if lower[:_MIN_PREFIX] not in starts:
            return False
        for length in range(min(len(lower), 64), _MIN_PREFIX - 1, -1):
            prefix = lower[:length]
            if prefix in known and self.trusted(prefix):
                return self.split(number, match, prefix, length)
        return False

    def split(self, number: int, match: re.Match[str], speaker: str, at: int) -> bool:
        text = (match["word"][at:] + match["rest"]).strip()
        if not text:
            return False
        self.speaker(number, speaker, text, match["clock"], match.start("word"))
        return True

    def trusted(self, name: str) -> bool:
        """A name to split a line at: seen speaking in this paste, the owner, or name-like."""
        into = self.into
        return name not in NOT_NAMES and (
            name in into.speakers or name == into.owner or is_name_like(name)
        )

    def candidates(self, line: str) -> None:
        """Name-like prefixes of the first word: asked of the panel, they may split the line."""
        match = shapes.LEADING_WORD.match(line)
        candidates = self.into.candidates
        if match is None or len(candidates) >= MAX_CANDIDATES:
            return
        lower = match["word"].lower()
        for length in range(_MIN_PREFIX, min(len(lower), 64) + 1):
            prefix = lower[:length]
            if is_name_like(prefix) and prefix not in NOT_NAMES:
                candidates[prefix] = None
