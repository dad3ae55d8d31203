"""The contract comparison: answers built from a contract match it, and each kind of drift is
found exactly once, at the right place, for every endpoint the panel reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mhc.adapters.statbate.plus import chat_history_endpoint
from mhc.domain.contracts import shapes
from mhc.domain.contracts.compare import (
    AnyValue,
    Arr,
    EndpointContract,
    Obj,
    OneOf,
    Shape,
    Tagged,
    Value,
    child_path,
    json_type,
)
from mhc.domain.contracts.findings import MAX_OBSERVATIONS, DriftKind, Finding, generic_path, tally

ENDPOINTS = [*shapes.DOCUMENTED_ENDPOINTS, chat_history_endpoint()]
ANSWERS = [
    pytest.param(contract, status, id=f"{contract.service}-{contract.name}-{status}")
    for contract in ENDPOINTS
    for status in contract.answers
]
NEW_KEY = "loyalty_score"
JSON_SCALARS = {
    "string": st.text(max_size=4),
    "integer": st.integers(-(2**40), 2**40),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "null": st.none(),
}
SAMPLES_OF_TYPE: dict[str, Any] = {
    "string": "surprise",
    "integer": 12_000,
    "number": 12.5,
    "boolean": True,
    "null": None,
    "array": [1, 2],
}
JSON = st.recursive(
    st.one_of(*JSON_SCALARS.values()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
FAST = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def values_of(shape: Shape) -> st.SearchStrategy[Any]:
    """Any JSON value the shape describes."""
    if isinstance(shape, Value):
        return st.one_of(*(JSON_SCALARS[kind] for kind in sorted(shape.types)))
    if isinstance(shape, AnyValue):
        return JSON
    if isinstance(shape, Obj):
        return st.fixed_dictionaries(
            {key: values_of(item) for key, item in shape.required.items()},
            optional={key: values_of(item) for key, item in shape.optional.items()},
        )
    if isinstance(shape, Arr):
        return st.lists(values_of(shape.items), max_size=2)
    if isinstance(shape, OneOf):
        return st.one_of(*(values_of(option) for option in shape.options))
    if isinstance(shape, Tagged):
        return st.sampled_from(sorted(shape.cases)).flatmap(
            lambda tag: values_of(shape.cases[tag]).map(lambda value: {**value, shape.key: tag})
        )
    raise AssertionError(f"no strategy for {shape!r}")


class Place(NamedTuple):
    """One value inside an answer, the shape it has there, its path, and where it is held."""

    value: Any
    shape: Shape
    path: str
    holder: Any
    key: Any


def places(
    value: Any, shape: Shape, path: str = "$", holder: Any = None, key: Any = None
) -> Iterator[Place]:
    """Every place inside a value that matches `shape`, following the shape."""
    if isinstance(shape, OneOf):
        option = next(o for o in shape.options if not found_in(value, o))
        yield from places(value, option, path, holder, key)
        return
    if isinstance(shape, Tagged):
        yield from places(value, shape.cases[value[shape.key]], path, holder, key)
        return
    yield Place(value, shape, path, holder, key)
    if isinstance(shape, Obj):
        for name, item in value.items():
            yield from places(item, shape.fields[name], child_path(path, name), value, name)
    elif isinstance(shape, Arr):
        for position, item in enumerate(value):
            yield from places(item, shape.items, f"{path}[]", value, position)


def found_in(value: Any, shape: Shape) -> list[Finding]:
    out: list[Finding] = []
    shape.check(value, "$", None, out)
    return out


def answer_and_place(contract: EndpointContract, status: int, kind: type[Shape]) -> Any:
    """An answer built from the contract, and one place in it holding a `kind` shape."""
    shape = contract.answers[status]

    def with_place(answer: Any) -> st.SearchStrategy[Any]:
        spots = [spot for spot in places(answer, shape) if type(spot.shape) is kind]
        if not spots:
            return st.nothing()
        return st.sampled_from(range(len(spots))).map(lambda n: (answer, spots[n]))

    return values_of(shape).flatmap(with_place)


def kinds(findings: list[Finding]) -> list[tuple[DriftKind, str]]:
    return [(finding.kind, finding.subject) for finding in findings]


@pytest.mark.parametrize(("contract", "status"), ANSWERS)
@FAST
@given(data=st.data())
def test_an_answer_has_no_findings_when_built_from_its_contract(
    contract: EndpointContract, status: int, data: st.DataObject
) -> None:
    answer = data.draw(values_of(contract.answers[status]))

    assert contract.check(status, answer) == []


@pytest.mark.parametrize(("contract", "status"), ANSWERS)
@FAST
@given(data=st.data())
def test_one_unknown_field_is_found_when_an_object_gains_a_key(
    contract: EndpointContract, status: int, data: st.DataObject
) -> None:
    answer, place = data.draw(answer_and_place(contract, status, Obj))
    place.value[NEW_KEY] = data.draw(JSON)

    findings = contract.check(status, answer)

    assert kinds(findings) == [(DriftKind.UNKNOWN_FIELD, f"{place.path}.{NEW_KEY}")]
    assert findings[0].example is place.value


@pytest.mark.parametrize(("contract", "status"), ANSWERS)
@FAST
@given(data=st.data())
def test_one_missing_field_is_found_when_a_required_key_stops_coming(
    contract: EndpointContract, status: int, data: st.DataObject
) -> None:
    answer, place = data.draw(answer_and_place(contract, status, Obj))
    assume(place.shape.required)
    key = data.draw(st.sampled_from(sorted(place.shape.required)))
    del place.value[key]

    findings = contract.check(status, answer)

    assert kinds(findings) == [(DriftKind.MISSING_FIELD, child_path(place.path, key))]


@pytest.mark.parametrize(("contract", "status"), ANSWERS)
@FAST
@given(data=st.data())
def test_one_changed_type_is_found_when_a_value_comes_as_another_type(
    contract: EndpointContract, status: int, data: st.DataObject
) -> None:
    answer, place = data.draw(answer_and_place(contract, status, Value))
    shape = place.shape
    assert isinstance(shape, Value)
    other = data.draw(st.sampled_from([t for t in SAMPLES_OF_TYPE if t not in shape.accepted]))
    place.holder[place.key] = SAMPLES_OF_TYPE[other]

    findings = contract.check(status, answer)

    assert kinds(findings) == [(DriftKind.TYPE_CHANGED, place.path)]
    assert findings[0].detail == f"expected {shape.describe()}, got {other}"


@FAST
@given(data=st.data())
def test_one_unknown_method_is_found_when_the_events_api_sends_a_new_kind_of_event(
    data: st.DataObject,
) -> None:
    page = data.draw(values_of(shapes.EVENTS.answers[200]))
    page["events"].append(
        {"method": "tipGoalReached", "id": "1755376889458-3", "object": {"goal": 500}}
    )

    findings = shapes.EVENTS.check(200, page)

    assert kinds(findings) == [(DriftKind.UNKNOWN_METHOD, "tipGoalReached")]


def test_documented_tip_event_matches_when_it_carries_the_undocumented_language_key() -> None:
    event = {
        "method": "tip",
        "id": "1755376889458-0",
        "object": {
            "broadcaster": "hudson_cage",
            "tip": {"tokens": 25, "isAnon": False, "message": ""},
            "user": {
                "username": "big_tipper_77",
                "inFanclub": False,
                "hasTokens": True,
                "isMod": False,
                "gender": "m",
                "subgender": "",
                "recentTips": "some",
                "language": "en",
            },
        },
    }

    assert found_in(event, shapes.EVENT) == []


def test_paths_name_every_item_at_once_when_many_events_carry_the_same_new_key() -> None:
    user = {"username": "big_tipper_77", "age": 31}
    findings = found_in({"events": [{"user": user}] * 3}, _page_of_users())

    assert kinds(findings) == [(DriftKind.UNKNOWN_FIELD, "$.events[].user.age")] * 3


def _page_of_users() -> Obj:
    return Obj({"events": Arr(Obj({"user": Obj({"username": Value(frozenset({"string"}))})}))})


def test_a_status_the_contract_does_not_document_is_one_unexpected_status() -> None:
    findings = shapes.MEMBER_INFO.check(418, {"error": "I'm a teapot"})

    assert kinds(findings) == [(DriftKind.UNEXPECTED_STATUS, "HTTP 418")]
    assert findings[0].detail == "the contract documents HTTP 200, 404, 422"


@pytest.mark.parametrize("status", [401, 403, 429, 500, 503, 522])
def test_refusals_and_outages_are_not_drift_when_their_status_is_undocumented(
    status: int,
) -> None:
    assert shapes.STATS.check(status, "Unauthorized") == []


def test_odd_keys_are_quoted_and_shortened_when_a_path_names_them() -> None:
    assert child_path("$.data", "did") == "$.data.did"
    assert child_path("$.data", "two words") == '$.data["two words"]'
    assert child_path("$", "k" * 100) == '$["' + "k" * 80 + '..."]'


def test_positions_are_dropped_when_a_concrete_path_is_made_generic() -> None:
    assert generic_path("$.data.per_day_tokens[3].tokens") == "$.data.per_day_tokens[].tokens"


@given(value=JSON)
def test_every_decoded_json_value_has_a_json_type_name(value: Any) -> None:
    assert json_type(value) in {"string", "integer", "number", "boolean", "null", "object", "array"}


def test_tally_counts_each_difference_once_with_its_first_example() -> None:
    first = {"username": "big_tipper_77", "age": 31}
    later = {"username": "quiet_lurker_12", "age": 40}
    findings = [
        Finding(kind=DriftKind.UNKNOWN_FIELD, subject="$.user.age", detail="new", example=first),
        Finding(kind=DriftKind.UNKNOWN_FIELD, subject="$.user.age", detail="new", example=later),
        Finding(kind=DriftKind.UNKNOWN_METHOD, subject="tipGoalReached", detail="new"),
    ]

    observed = tally(findings, service="cb_events", endpoint="GET /events/{username}/{token}/")

    assert [(o.kind, o.subject, o.count) for o in observed] == [
        (DriftKind.UNKNOWN_FIELD, "$.user.age", 2),
        (DriftKind.UNKNOWN_METHOD, "tipGoalReached", 1),
    ]
    assert observed[0].example is first


def test_tally_keeps_a_bounded_number_of_differences_when_an_answer_is_full_of_new_keys() -> None:
    value = {f"key_{n}": n for n in range(500)}
    findings = found_in(value, Obj({}))

    observed = tally(findings, service="statbate", endpoint="GET /members/{site}/{name}/info")

    assert len(findings) == 500
    assert len(observed) == MAX_OBSERVATIONS
