"""Decoding answers into structs while keeping what fits: a value of a changed type is left
out (its field falls back to the default), never the whole answer."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.adapters.decoding import LeftOut, convert_keeping_what_fits
from mhc.adapters.statbate.premium import _Envelope
from mhc.ports.gateways import MemberInfo, ModelInfo

SCALARS = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=6)


def test_a_mistyped_field_is_left_out_when_the_rest_of_the_answer_fits() -> None:
    body = {"data": {"name": "big_tipper_77", "did": "not-a-number", "all_time_tokens": 12000}}

    decoded, left_out = convert_keeping_what_fits(body, _Envelope[MemberInfo])

    assert decoded.data.name == "big_tipper_77"
    assert decoded.data.all_time_tokens == 12000
    assert decoded.data.did is None
    assert left_out == [LeftOut("$.data.did", "Expected `int | null`, got `str`")]


def test_an_array_item_is_left_out_when_only_that_item_is_mistyped() -> None:
    body = {"data": {"name": "hudson_cage", "tags": [{"name": "feet"}, 7, {"name": "toys"}]}}

    decoded, left_out = convert_keeping_what_fits(body, _Envelope[ModelInfo])

    assert [tag.name for tag in decoded.data.tags] == ["feet", "toys"]
    assert [item.path for item in left_out] == ["$.data.tags[1]"]


def test_numeric_text_is_read_as_a_number_when_a_number_is_expected() -> None:
    decoded, left_out = convert_keeping_what_fits(
        {"data": {"all_time_tokens": "12000"}}, _Envelope[MemberInfo]
    )

    assert decoded.data.all_time_tokens == 12000
    assert left_out == []


@pytest.mark.parametrize("body", [{"data": []}, {}, {"data": "gone"}])
def test_the_answer_is_refused_when_it_does_not_fit_at_its_root(body: dict[str, Any]) -> None:
    with pytest.raises(msgspec.ValidationError):
        convert_keeping_what_fits(body, _Envelope[MemberInfo])


MEMBER_FIELDS = [field.name for field in msgspec.structs.fields(MemberInfo)]


@given(
    fields=st.fixed_dictionaries(
        {}, optional={name: SCALARS | st.lists(SCALARS, max_size=3) for name in MEMBER_FIELDS}
    )
)
def test_every_member_answer_with_a_data_object_decodes_when_fields_are_anything(
    fields: dict[str, Any],
) -> None:
    decoded, left_out = convert_keeping_what_fits({"data": fields}, _Envelope[MemberInfo])

    assert isinstance(decoded.data, MemberInfo)
    assert all(item.path.startswith("$.data.") for item in left_out)
