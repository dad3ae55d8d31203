"""Names read out of pasted text: the lookup's side of the chat-log parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.chatlog import NOT_NAMES, extract_usernames
from mhc.domain.usernames import normalize_username

# "a tipped 5 tokens" and "a has joined" read as notices, not lists: keep those words out of
# generated lists, as well as the words that are never usernames (labels, headers) and runs of
# underscores (pieces of a separator line in a paste).
_NOTICE_WORDS = {"tipped", "has"}


def _reads_as_a_name(name: str) -> bool:
    lower = name.lower()
    return lower not in NOT_NAMES and lower not in _NOTICE_WORDS and bool(lower.strip("_"))


usernames = st.from_regex(r"[a-z0-9_]{1,64}", fullmatch=True).filter(_reads_as_a_name)
mixed_case_usernames = st.from_regex(r"[A-Za-z0-9_]{1,64}", fullmatch=True).filter(_reads_as_a_name)
# Text built from the pieces the extractor looks for, so odd mixes of them get exercised.
chatty_text = st.lists(
    st.sampled_from(
        [
            "big_tipper_77",
            "Shy_Owl",
            "@",
            ":",
            " ",
            "\n",
            "\r\n",
            ",",
            ";",
            "[12:01]",
            "(m)",
            "👑",
            "tipped 50 tokens",
            "has joined",
            "Notice: ",
            "chaturbate.com/",
            "https://",
            "é",
        ]
    )
).map("".join)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("velvet_fox_93: hello there friend", ["velvet_fox_93"]),
        ("[12:01] big_tipper_77: hi", ["big_tipper_77"]),
        ("[12:01:33 PM] Big_Tipper_77 : hi", ["big_tipper_77"]),
        ("2026-01-01 21:15 shy_owl: good evening", ["shy_owl"]),
        ("👑 💎 king_of_tips: hello", ["king_of_tips"]),
        ("[Fan] (m) night_owl_3: hey", ["night_owl_3"]),
        ("big_tipper_77 tipped 50 tokens", ["big_tipper_77"]),
        ("big_tipper_77 tipped 50 tokens -- love the show", ["big_tipper_77"]),
        ("Notice: big_tipper_77 tipped 50 tokens", ["big_tipper_77"]),
        # Joins and leaves are noise: never messages, never people (CHAT_FORMATS.md).
        ("shy_owl has joined the room.\nshy_owl has left the room.", []),
        ("Notice: Welcome to my room! Rules: be nice", []),
        ("Goal: 500 tokens for the show", []),
        ("Broadcaster: thanks all", []),
        ("shy_owl: hey @Big_Tipper_77, @night_owl_3!", ["shy_owl", "big_tipper_77", "night_owl_3"]),
        ("big_tipper_77, shy_owl, night_owl_3", ["big_tipper_77", "shy_owl", "night_owl_3"]),
        ("big_tipper_77\nshy_owl\r\nnight_owl_3\n", ["big_tipper_77", "shy_owl", "night_owl_3"]),
        ("big_tipper_77 shy_owl; @night_owl_3", ["big_tipper_77", "shy_owl", "night_owl_3"]),
        ("https://chaturbate.com/some_model/", ["some_model"]),
        (
            "see chaturbate.com/some_model and www.Chaturbate.com/Other_Model?x=1",
            ["some_model", "other_model"],
        ),
        ("https://chaturbate.com/b/cam_girl_9/", ["cam_girl_9"]),
        ("https://chaturbate.com/tags/asian/ https://chaturbate.com/accounts/login/", []),
        ("write to fan@example.com", []),
        ("Room subject changed to: hot show", []),
        ("hello world!", []),
        ("x" * 65, []),
        ("shy_owl: hi\nSHY_OWL: again\nbig_tipper_77: hey @shy_owl", ["shy_owl", "big_tipper_77"]),
    ],
)
def test_extract_usernames_finds_names_when_pasted_as(text: str, expected: list[str]) -> None:
    assert extract_usernames(text) == expected


def test_extract_usernames_keeps_order_of_first_appearance_when_kinds_are_mixed() -> None:
    text = (
        "[21:00] shy_owl: look at @night_owl_3\n"
        "big_tipper_77 tipped 25 tokens -- for chaturbate.com/some_model\n"
        "night_owl_3: hi shy_owl\n"
        "late_fan, shy_owl\n"
    )
    assert extract_usernames(text) == [
        "shy_owl",
        "night_owl_3",
        "big_tipper_77",
        "some_model",
        "late_fan",
    ]


@given(st.one_of(st.text(), chatty_text))
def test_extract_usernames_returns_normalised_names_when_given_any_text(text: str) -> None:
    names = extract_usernames(text)
    assert all(normalize_username(name) == name for name in names)
    assert len(set(names)) == len(names)


@given(st.one_of(st.text(), chatty_text))
def test_extract_usernames_is_idempotent_when_results_are_joined_with_commas(text: str) -> None:
    names = extract_usernames(text)
    assert extract_usernames(", ".join(names)) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("_", []),
        ("____", []),
        ("_, shy_owl __ ;big_tipper_77", ["shy_owl", "big_tipper_77"]),
        ("@__ @shy_owl", ["shy_owl"]),
        ("shy_owl: hi @_ and chaturbate.com/___", ["shy_owl"]),
    ],
)
def test_a_run_of_underscores_is_never_a_name_when_a_paste_holds_one(
    text: str, names: list[str]
) -> None:
    assert extract_usernames(text) == names


@given(st.lists(mixed_case_usernames), st.sampled_from([", ", "\n", " ", ",", " ; "]))
def test_extract_usernames_returns_the_list_when_names_are_joined(
    names: list[str], separator: str
) -> None:
    expected = list(dict.fromkeys(name.lower() for name in names))
    assert extract_usernames(separator.join(names)) == expected


@given(usernames, usernames, st.lists(st.sampled_from(["hello", "nice", "show", "so", "hot"])))
def test_extract_usernames_finds_mentions_when_inside_a_message(
    speaker: str, mentioned: str, words: list[str]
) -> None:
    text = f"[22:10] {speaker}: {' '.join(words)} @{mentioned} {' '.join(words)}!"
    assert extract_usernames(text) == list(dict.fromkeys([speaker, mentioned]))


@given(usernames, st.lists(st.from_regex(r"[a-z]{1,10}", fullmatch=True), min_size=1))
def test_extract_usernames_skips_message_words_when_a_chat_line_has_a_speaker(
    speaker: str, words: list[str]
) -> None:
    assert extract_usernames(f"{speaker}: {' '.join(words)}") == [speaker]


def test_extract_usernames_stays_linear_when_a_line_is_long_and_odd() -> None:
    # Each of these would backtrack exponentially under a careless pattern.
    nasty = "[]" * 5000 + "x\n" + "@" * 20000 + "\n" + "a " * 20000 + "!\n" + "(m)" * 5000
    assert extract_usernames(nasty) == []
