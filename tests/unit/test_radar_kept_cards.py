"""The radar adapter's kept cards: bounded by the size of their documents, the least recently
used go first, and a card is given back only at the fingerprint it was read at."""

from __future__ import annotations

from mhc.adapters.postgres.radar import KeptCards
from mhc.domain.radar import CardFacts


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
