from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.errors import InvalidInput
from mhc.domain.usernames import is_username, normalize_username


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("big_tipper_77", "big_tipper_77"),
        ("  Big_Tipper_77 \n", "big_tipper_77"),
        ("@Hudson_Cage", "hudson_cage"),
        ("SMK_LOVER", "smk_lover"),
        ("x" * 64, "x" * 64),
    ],
)
def test_normalize_username_trims_and_lowers_when_valid(raw: str, expected: str) -> None:
    assert normalize_username(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   @ ", "empty"),
        ("x" * 65, "at most 64"),
        ("big tipper", "letters, digits and underscores"),
        ("big-tipper", "letters, digits and underscores"),
        ("josé", "letters, digits and underscores"),
        ("\u212aing", "letters, digits and underscores"),  # Kelvin sign lower-cases to "k"
    ],
)
def test_normalize_username_raises_invalid_input_when_not_a_username(raw: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as caught:
        normalize_username(raw)
    assert caught.value.field == "username"


@given(st.text())
def test_normalize_username_is_idempotent_when_it_accepts(raw: str) -> None:
    try:
        once = normalize_username(raw)
    except InvalidInput:
        return
    assert normalize_username(once) == once


@given(st.text(max_size=80))
def test_is_username_agrees_with_normalize_username_when_given_any_text(raw: str) -> None:
    try:
        normalize_username(raw)
    except InvalidInput:
        assert not is_username(raw)
        return
    assert is_username(raw.strip().lstrip("@"))
