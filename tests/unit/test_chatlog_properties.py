"""Properties of the chat-log parser over generated pastes (Hypothesis)."""

from __future__ import annotations

from datetime import time

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.chatlog import NOT_NAMES, ChatMessage, MessageKind, PasteKind, parse_chat_log
from mhc.domain.chatlog.render import render_plain, render_structured
from mhc.domain.usernames import normalize_username

OWNER = "hudson_cage"
OTHER = "velvet_fox_93"

# Names with a letter in them (a name of digits alone next to a clock reads as a time).
names = st.from_regex(r"[a-z][a-z0-9_]{2,20}", fullmatch=True).filter(
    lambda name: name not in NOT_NAMES and name not in ("has", "tipped", OWNER)
)
# What people write: any printable text on one line, without surrounding blanks.
line_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=80,
    )
    .map(str.strip)
    .filter(bool)
)
# A tip's note: the parser drops the dashes and colons that separate it from the amount.
notes = line_text.filter(lambda note: note[0] not in "-\u2013\u2014:,.")
clocks = st.times().map(lambda t: time(t.hour, t.minute, t.second))
pastes = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.sampled_from(
            [
                "big_tipper_77",
                "Shy_Owl",
                "@",
                ":",
                "\uff1a",
                " ",
                "\n",
                "|100|",
                ",",
                "[21:42]",
                "(m)",
                "👑",
                "tipped 50 tokens",
                "has joined the room",
                "Notice: ",
                "Tip Menu",
                "(35)",
                "chaturbate.com/",
                "https://",
                "Timestamp: [",
                "] | Username: [",
                "] | Message: [",
                "time,user,type,message",
                "hudson_cage",
                "name",
                "Loving",
            ]
        ),
        max_size=60,
    ).map("".join),
)
NOISE_LINES = (
    "{name} has joined the room.",
    "{name} has left the room.",
    "Broadcaster {name} has left the room.",
    "Notice: {name} has been silenced by hudson_cage",
    "Lovense Lush is now vibrating at level 2 for 5 sec because {name} tipped 25 tokens",
    "{name} is now following",
    "{name} joined the fan club",
    "{name} is now a moderator",
    "{name} is now the King of the room",
    "{name} purchased a photo set",
    "{name} has started a private show",
    "Notice: {name} RANDOMLY activated Domi for 10 sec",
)


@given(pastes)
def test_parse_names_only_normalised_names_never_the_owner_a_header_or_a_label(text: str) -> None:
    log = parse_chat_log(text, owner=OWNER)

    assert all(normalize_username(name) == name for name in log.usernames)
    assert len(set(log.usernames)) == len(log.usernames)
    assert OWNER not in log.usernames
    assert not set(log.usernames) & NOT_NAMES
    assert [m.line for m in log.messages] == sorted(m.line for m in log.messages)
    assert all("\n" not in m.text for m in log.messages)


@given(
    chat=st.lists(st.tuples(names, line_text.filter(lambda t: "@" not in t and "/" not in t))),
    noise=st.lists(st.tuples(st.sampled_from(NOISE_LINES), names)),
    order=st.randoms(use_true_random=False),
)
def test_noise_lines_never_give_a_name_or_a_message_when_mixed_with_chat(
    chat: list[tuple[str, str]], noise: list[tuple[str, str]], order: object
) -> None:
    speakers = {name for name, _ in chat}
    lines = [f"{name}: {text}" for name, text in chat]
    lines += [template.format(name=name) for template, name in noise if name not in speakers]
    noise_count = len(lines) - len(chat)
    order.shuffle(lines)  # type: ignore[attr-defined]

    log = parse_chat_log("\n".join(lines), owner=OWNER)

    assert set(log.usernames) == speakers
    assert len(log.messages) == len(chat)
    assert log.noise == noise_count


def thread_messages(
    turns: list[tuple[bool, str, time]], tips: list[tuple[int, int, str | None]]
) -> list[ChatMessage]:
    messages = [
        ChatMessage(
            line=n,
            speaker=OWNER if mine else OTHER,
            text=text,
            kind=MessageKind.PM,
            from_owner=mine,
            is_broadcaster=mine,
            clock=clock,
        )
        for n, (mine, text, clock) in enumerate(turns, 1)
    ]
    for at, tokens, note in tips:
        position = min(at, len(messages))
        text = f"{OTHER} tipped {tokens} tokens" + (f" - {note}" if note else "")
        messages.insert(
            position,
            ChatMessage(
                line=0, speaker=OTHER, text=text, kind=MessageKind.TIP, tokens=tokens, note=note
            ),
        )
    return [
        ChatMessage(**{**{f: getattr(m, f) for f in m.__struct_fields__}, "line": n})
        for n, m in enumerate(messages, 1)
    ]


turns = st.lists(st.tuples(st.booleans(), line_text, clocks), min_size=1, max_size=25)
tips = st.lists(
    st.tuples(st.integers(0, 25), st.integers(1, 100_000), st.none() | notes), max_size=4
)


@given(turns, tips)
def test_structured_render_of_a_pm_thread_parses_back_to_the_same_thread(
    thread: list[tuple[bool, str, time]], tipped: list[tuple[int, int, str | None]]
) -> None:
    messages = thread_messages(thread, tipped)

    log = parse_chat_log(render_structured(messages), owner=OWNER, kind=PasteKind.PM)

    expected = [
        (m.speaker, m.kind, m.text, m.from_owner, m.is_broadcaster, m.tokens, m.note)
        for m in messages
    ]
    assert [
        (m.speaker, m.kind, m.text, m.from_owner, m.is_broadcaster, m.tokens, m.note)
        for m in log.messages
    ] == expected
    assert [m.clock for m in log.messages if m.kind is MessageKind.PM] == [
        clock for _, _, clock in thread
    ]


@given(turns, tips)
def test_plain_render_of_a_dm_thread_parses_back_to_the_same_thread(
    thread: list[tuple[bool, str, time]], tipped: list[tuple[int, int, str | None]]
) -> None:
    messages = [
        m
        if m.kind is MessageKind.TIP
        else ChatMessage(
            **{
                **{f: getattr(m, f) for f in m.__struct_fields__},
                "kind": MessageKind.DM,
                "clock": None,
            }
        )
        for m in thread_messages(thread, tipped)
    ]

    log = parse_chat_log(render_plain(messages), owner=OWNER, kind=PasteKind.DM)

    assert [(m.speaker, m.kind, m.text, m.from_owner, m.tokens, m.note) for m in log.messages] == [
        (m.speaker, m.kind, m.text, m.from_owner, m.tokens, m.note) for m in messages
    ]
    if any(not m.from_owner for m in messages):
        assert OTHER in log.usernames
    assert OWNER not in log.usernames
