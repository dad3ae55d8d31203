"""The radar adapter's kept cards: bounded by the size of their documents, the least recently
used go first, and a card is given back only at the fingerprint it was read at."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mhc.adapters.postgres.radar import Fingerprint, KeptCards
from mhc.domain.radar import CardFacts

ROOM_BYTES = 1_000
PEOPLE = st.integers(min_value=1, max_value=8)
FINGERPRINTS = st.tuples(
    st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=2)
)
# Reads (put), looks (get) and exclusions (forget), in any order.
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), PEOPLE, FINGERPRINTS, st.integers(min_value=1, max_value=1_200)),
        st.tuples(st.just("get"), PEOPLE, FINGERPRINTS),
        st.tuples(st.just("forget"), st.lists(PEOPLE, max_size=3)),
    ),
    max_size=60,
)


def facts(person_id: int) -> CardFacts:
    return CardFacts(
        person_id=person_id,
        username=f"viewer_{person_id}",
        room_tips_total=0,
        room_tip_count=0,
        last_tip_at=None,
        last_tip_tokens=None,
        visits=1,
        statbate_all_time_tokens=None,
        statbate_last_tip_date=None,
        statbate_captured_at=None,
    )


def test_a_card_is_given_back_only_at_the_fingerprint_it_was_read_at() -> None:
    kept = KeptCards(1_000)
    kept.put(1, (5, 0), facts(1), 100)

    assert kept.get(1, (5, 0)) == facts(1)
    assert kept.get(1, (6, 0)) is None  # a new interaction
    assert kept.get(1, (5, 7)) is None  # a note, a tag, a list...
    assert kept.get(2, (5, 0)) is None


def test_the_least_recently_used_card_goes_first_when_full() -> None:
    kept = KeptCards(250)
    kept.put(1, (1, 0), facts(1), 100)
    kept.put(2, (1, 0), facts(2), 100)
    kept.get(1, (1, 0))  # 1 was used after 2

    kept.put(3, (1, 0), facts(3), 100)

    assert 1 in kept
    assert 3 in kept
    assert 2 not in kept


def test_a_card_read_again_takes_its_new_size_in_place_of_the_old() -> None:
    kept = KeptCards(250)
    kept.put(1, (1, 0), facts(1), 100)
    kept.put(1, (2, 0), facts(1), 120)

    kept.put(2, (1, 0), facts(2), 100)

    assert kept.get(1, (2, 0)) == facts(1)
    assert 2 in kept


def test_forgotten_cards_are_not_given_back_and_free_their_room() -> None:
    kept = KeptCards(250)
    kept.put(1, (1, 0), facts(1), 200)

    kept.forget([1, 2])
    kept.put(2, (1, 0), facts(2), 200)

    assert 1 not in kept
    assert kept.get(1, (1, 0)) is None
    assert 2 in kept


def test_a_card_larger_than_the_whole_room_is_not_kept_and_sends_none_away() -> None:
    kept = KeptCards(250)
    kept.put(1, (1, 0), facts(1), 100)

    kept.put(2, (1, 0), facts(2), 300)

    assert 2 not in kept
    assert 1 in kept


@given(OPERATIONS)
def test_kept_cards_behave_as_a_list_of_the_least_recently_used_within_their_bytes(
    operations: list[tuple[Any, ...]],
) -> None:
    kept = KeptCards(ROOM_BYTES)
    # The model: (person, fingerprint, size), least recently used first.
    model: list[tuple[int, Fingerprint, int]] = []
    for operation in operations:
        if operation[0] == "put":
            _, person, fingerprint, size = operation
            kept.put(person, fingerprint, facts(person), size)
            model = [entry for entry in model if entry[0] != person]
            if size <= ROOM_BYTES:
                model.append((person, fingerprint, size))
            while sum(entry[2] for entry in model) > ROOM_BYTES:
                model.pop(0)
        elif operation[0] == "get":
            _, person, fingerprint = operation
            found = [entry for entry in model if entry[0] == person]
            expected = facts(person) if found and found[0][1] == fingerprint else None
            assert kept.get(person, fingerprint) == expected
            if expected is not None:
                model.remove(found[0])
                model.append(found[0])
        else:
            kept.forget(operation[1])
            model = [entry for entry in model if entry[0] not in operation[1]]
        assert {person for person in range(1, 9) if person in kept} == {e[0] for e in model}
