"""What the bulk store sends PostgreSQL: text and JSON it accepts, whatever the event held."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mhc.adapters.postgres.ingestion import clean_text, encode_metadata

# Any code point, lone surrogates and NUL included: a chat line may carry them.
any_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=25,
)


@given(json_like)
def test_metadata_encodes_to_json_postgres_accepts_when_strings_are_arbitrary(value: Any) -> None:
    encoded = encode_metadata({"raw": value})

    encoded.encode("utf-8")
    assert "\\u0000" not in encoded
    assert "raw" in json.loads(encoded)


@given(any_text)
def test_text_is_valid_utf8_without_nul_when_cleaned(value: str) -> None:
    cleaned = clean_text(value)

    assert cleaned is not None
    assert "\x00" not in cleaned
    cleaned.encode("utf-8")
    assert len(cleaned) == len(value)


def test_plain_text_is_returned_as_is_when_nothing_needs_cleaning() -> None:
    assert clean_text("hi hudson! 👋") == "hi hudson! 👋"
    assert clean_text(None) is None
