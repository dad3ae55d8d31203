"""The chat-log parser on a corpus of realistic pastes, one file per format of CHAT_FORMATS.md
(tests/unit/chatlog_corpus/): what each one yields, message by message."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from mhc.domain.chatlog import (
    HEADER_WORDS,
    ChatLog,
    MessageKind,
    NameSource,
    PasteFormat,
    PasteKind,
    parse_chat_log,
)

CORPUS = Path(__file__).parent / "chatlog_corpus"
OWNER = "hudson_cage"


def parse(name: str, kind: PasteKind = PasteKind.PUBLIC) -> ChatLog:
    return parse_chat_log((CORPUS / name).read_text(encoding="utf-8"), owner=OWNER, kind=kind)


def said(log: ChatLog) -> list[tuple[str, MessageKind, str]]:
    return [(m.speaker, m.kind, m.text) for m in log.messages]


def names(log: ChatLog) -> dict[str, tuple[NameSource, ...]]:
    return {found.username: found.sources for found in log.names}


def test_structured_export_keeps_kinds_clock_times_and_the_owners_lines() -> None:
    log = parse("structured_show.txt")

    assert log.formats == (PasteFormat.STRUCTURED,)
    assert said(log) == [
        ("lazy_wolf_39", MessageKind.PUBLIC, "nice shirt"),
        (OWNER, MessageKind.PUBLIC, "thank you @lazy_wolf_39!"),
        ("velvet_fox_93", MessageKind.PM, "hey, got a minute?"),
        (OWNER, MessageKind.PM, "sure, what's up"),
        ("lazy_wolf_39", MessageKind.TIP, "lazy_wolf_39 tipped 50 tokens: for you"),
        ("shy_owl_87", MessageKind.PUBLIC, "happy [new] day | everyone"),
        ("shy_owl_87", MessageKind.TIP, "shy_owl_87 tipped 25 tokens - midnight spin"),
        ("velvet_fox_93", MessageKind.PM, "can you do a [private] later?"),
    ]
    assert [m.from_owner for m in log.messages] == [False, True, False, True] + [False] * 4
    assert [m.clock for m in log.messages][:2] == [time(23, 58, 2), time(23, 58, 40)]
    assert [(t.speaker, t.tokens, t.note) for t in log.tips] == [
        ("lazy_wolf_39", 50, "for you"),
        ("shy_owl_87", 25, "midnight spin"),
    ]
    # The NOTICE line is dropped; the owner is never a name to look up.
    assert log.noise == 1
    assert names(log) == {
        "lazy_wolf_39": (NameSource.SPEAKER, NameSource.MENTION, NameSource.TIP),
        "velvet_fox_93": (NameSource.SPEAKER,),
        "shy_owl_87": (NameSource.SPEAKER, NameSource.TIP),
    }


def test_older_structured_export_takes_the_kind_the_owner_picked() -> None:
    log = parse("structured_pm_old.txt", PasteKind.PM)

    assert {m.kind for m in log.messages} == {MessageKind.PM}
    assert [m.speaker for m in log.messages] == ["velvet_fox_93", OWNER] * 2
    assert log.messages[2].text == "loved the show | see you friday"
    assert [m.is_broadcaster for m in log.messages] == [False, True, False, True]
    assert log.usernames == ["velvet_fox_93"]


def test_older_structured_export_reads_as_dms_when_the_owner_says_so() -> None:
    log = parse("structured_pm_old.txt", PasteKind.DM)

    assert {m.kind for m in log.messages} == {MessageKind.DM}


def test_copied_room_chat_keeps_speakers_tips_and_menu_and_drops_every_kind_of_noise() -> None:
    log = parse("room_chat_copied.txt")

    assert log.formats == (PasteFormat.CHAT,)
    assert said(log) == [
        ("velvet_fox_93", MessageKind.PUBLIC, "hey hudson"),
        ("lazy_wolf_39", MessageKind.PUBLIC, "nice shirt"),
        ("lazy_wolf_39", MessageKind.PUBLIC, "where did you get it?"),
        ("night_owl_3", MessageKind.PUBLIC, "good evening from berlin"),
        ("shy_owl_87", MessageKind.TIP, "shy_owl_87 tipped 25 tokens - for the shirt"),
        ("big_tipper_77", MessageKind.TIP, "big_tipper_77 has tipped 100 tokens: oil show please"),
        ("quiet_lurker_12", MessageKind.TIP, "quiet_lurker_12 tipped 5 tk"),
        ("rowdy_viking_59", MessageKind.PUBLIC, "Loving the vibe tonight"),
        (OWNER, MessageKind.PUBLIC, "thanks everyone!"),
    ]
    assert [(t.tokens, t.note) for t in log.tips] == [
        (25, "for the shirt"),
        (100, "oil show please"),
        (5, None),
    ]
    assert [(i.item, i.price) for i in log.tip_menu] == [
        ("Flex", 35),
        ("Spin around", 50),
        ("Kiss the camera", 20),
    ]
    assert log.room == OWNER
    # Everything else: welcome, subject, joins and leaves, follows, fan club, moderator, king,
    # goal, rules block, hints, apps, toys, silence, media, shows, separators, the warning.
    assert log.noise == 24
    assert log.unparsed == 0
    # Nobody named only in a notice (midnight_falcon_94, cam_fan_2000) is a name to look up.
    assert log.usernames == [
        "velvet_fox_93",
        "lazy_wolf_39",
        "night_owl_3",
        "shy_owl_87",
        "big_tipper_77",
        "quiet_lurker_12",
        "rowdy_viking_59",
    ]


def test_tip_menu_block_reads_every_shape_of_item() -> None:
    log = parse("tip_menu_block.txt")

    assert [(i.item, i.price) for i in log.tip_menu] == [
        ("Flex", 35),
        ("Spin around", 50),
        ("Oil show", 200),
        ("Dance", 100),
        ("Kiss the camera", 20),
        ("Song request", 15),
    ]
    assert said(log) == [(OWNER, MessageKind.PUBLIC, "that's the menu, enjoy")]


def test_chat_of_another_models_room_names_that_model_as_broadcaster() -> None:
    log = parse("other_room_chat.txt")

    assert log.room == "cam_star_5"
    assert [(m.speaker, m.is_broadcaster, m.from_owner) for m in log.messages[:3]] == [
        ("cam_star_5", True, False),
        (OWNER, False, True),
        ("cam_star_5", True, False),
    ]
    assert [(i.item, i.price) for i in log.tip_menu] == [("Pigtails", 44), ("Dance to a song", 111)]
    assert log.usernames == ["cam_star_5", "sweet_tooth_81"]


def test_copied_dm_thread_is_a_thread_of_dms_with_one_other_party() -> None:
    log = parse("dm_thread_copied.txt", PasteKind.DM)

    assert {m.kind for m in log.messages} == {MessageKind.DM}
    assert [m.from_owner for m in log.messages] == [False, True, False, True]
    assert log.usernames == ["velvet_fox_93"]


def test_list_of_names_reads_lines_commas_spaces_mentions_and_profile_links() -> None:
    log = parse("names_list.txt")

    assert log.messages == ()
    assert names(log) == {
        "big_tipper_77": (NameSource.LIST,),
        "shy_owl_87": (NameSource.LIST,),
        "night_owl_3": (NameSource.LIST,),
        "lazy_wolf_39": (NameSource.LIST,),
        "velvet_fox_93": (NameSource.LIST,),
        "quiet_lurker_12": (NameSource.LIST,),
        "cam_fan_2000": (NameSource.MENTION,),
        "rowdy_viking_59": (NameSource.MENTION,),
        "cam_star_5": (NameSource.URL,),
        "sweet_tooth_81": (NameSource.URL,),
    }


def test_csv_export_reads_columns_and_never_takes_a_header_word_for_a_name() -> None:
    log = parse("export.csv")

    assert log.formats == (PasteFormat.CSV,)
    assert [(m.line, m.speaker, m.kind, m.clock) for m in log.messages] == [
        (2, "velvet_fox_93", MessageKind.PM, time(21, 42, 31)),
        (3, OWNER, MessageKind.PM, time(21, 42, 40)),
        (4, "lazy_wolf_39", MessageKind.PUBLIC, time(21, 43, 2)),
        (5, "lazy_wolf_39", MessageKind.TIP, time(21, 43, 5)),
    ]
    assert log.messages[0].text == "hey, got a minute?"
    assert (log.tips[0].tokens, log.tips[0].note) == (50, "for you")
    assert not set(log.usernames) & HEADER_WORDS
    assert log.usernames == ["velvet_fox_93", "lazy_wolf_39", "midnight_falcon_94"]


def test_csv_header_alone_yields_nothing() -> None:
    log = parse("csv_header_only.txt")

    assert log.names == ()
    assert log.messages == ()


def test_json_export_reads_username_user_and_name_fields_and_their_times() -> None:
    log = parse("export.json")

    assert log.formats == (PasteFormat.JSON,)
    assert [(m.speaker, m.kind) for m in log.messages] == [
        ("velvet_fox_93", MessageKind.PM),
        (OWNER, MessageKind.PM),
        ("lazy_wolf_39", MessageKind.PUBLIC),
        ("shy_owl_87", MessageKind.TIP),
    ]
    assert log.messages[0].when == datetime(2026, 12, 1, 21, 42, 31)
    assert log.messages[2].when == datetime(2026, 12, 1, 21, 43, 2, tzinfo=UTC)
    assert (log.messages[3].tokens, log.messages[3].note) == (25, "for the shirt")
    assert log.unparsed == 1
    assert log.usernames == ["velvet_fox_93", "lazy_wolf_39", "shy_owl_87", "night_owl_3"]


def test_reply_to_a_mention_names_only_the_mentioned() -> None:
    log = parse("mention_reply.txt")

    assert log.usernames == ["lazy_wolf_39"]
    assert names(log)["lazy_wolf_39"] == (NameSource.MENTION,)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_corpus_never_names_the_owner_or_a_header_word(name: str) -> None:
    log = parse(name)

    assert OWNER not in log.usernames
    assert not set(log.usernames) & HEADER_WORDS
