from __future__ import annotations

import pytest

from mhc.domain.errors import InvalidInput
from mhc.domain.exclusion import ExclusionPolicy


def test_is_excluded_matches_when_the_name_differs_only_in_case_or_at_sign() -> None:
    policy = ExclusionPolicy(["smk_lover"])
    assert policy.is_excluded("smk_lover")
    assert policy.is_excluded(" @SMK_Lover ")
    assert not policy.is_excluded("big_tipper_77")


def test_is_excluded_is_false_when_the_text_is_no_username() -> None:
    assert not ExclusionPolicy(["smk_lover"]).is_excluded("smk lover!")


def test_exclusion_policy_normalises_configured_names_when_built() -> None:
    assert ExclusionPolicy(["@SMK_Lover", "Other_Ex"]).filter(["smk_lover", "other_ex"]) == []


def test_exclusion_policy_rejects_a_configured_name_when_it_is_no_username() -> None:
    with pytest.raises(InvalidInput):
        ExclusionPolicy(["smk lover"])


def test_filter_keeps_order_when_dropping_excluded_names() -> None:
    policy = ExclusionPolicy(["smk_lover"])
    assert policy.filter(["shy_owl", "SMK_LOVER", "big_tipper_77"]) == ["shy_owl", "big_tipper_77"]


def test_filter_keeps_everyone_when_the_list_is_empty() -> None:
    assert ExclusionPolicy([]).filter(["smk_lover"]) == ["smk_lover"]
