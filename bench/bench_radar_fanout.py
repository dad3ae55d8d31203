"""The web process's own work when a raid reaches every open radar: each arrival's card built
and its frame encoded for each stream, against once for all of them; and the same when the
raid's look-ups land and every arrival's card changes.

Run: `uv run python bench/bench_radar_fanout.py [--arrivals 1000] [--streams 50] [--page 25]
[--rounds 7]`.

A raid of `--arrivals` new viewers arrives in pages of `--page` events (as the streams read
them); every one of `--streams` open radars turns each page into its bytes: the cards of the
page's people from the facts one shared read gave them all, the events with their cards, the
server-sent-event frames. Measured two ways in the same run, in turn: "per stream" (each stream
builds and encodes its own, as the web did before) and "shared" (the web's own functions, which
build each card and encode each frame once for every stream that sends it; their caches are
emptied before each round). Then the look-ups land: every arrival's card changes (Statbate's
numbers arrive), and each stream sends the changed cards in pages of the same size, each card
built once for all (as before): "per stream" encodes each frame for each stream, as the web did
before, "shared" once for all. Times are the process's CPU time per raid, median of the rounds. No
database and no sockets: what the streams send on is not in these figures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import msgspec

from mhc.adapters.http.controllers import radar as radar_http
from mhc.domain.models import InteractionType, Note, Watchlist
from mhc.domain.radar import (
    CardFacts,
    EntryCard,
    RadarEvent,
    RoomEvent,
    build_card,
    with_cards,
)
from mhc.services import radar as radar_service
from mhc.services.radar import CardUpdate

T0 = datetime(2026, 12, 5, 21, 0, tzinfo=UTC)
REGULARS = Watchlist(id=1, name="Regulars", is_system=False, created_at=T0)


def raid(arrivals: int) -> tuple[list[RoomEvent], dict[int, CardFacts]]:
    """`arrivals` enters of new viewers, and what one read of their cards gives."""
    events = [
        RoomEvent(
            id=100_000 + n,
            type=InteractionType.USER_ENTER,
            occurred_at=T0 + timedelta(milliseconds=2 * n),
            person_id=n,
            username=f"raider_{n:04d}",
            content=None,
            tokens=None,
            session_id=7,
        )
        for n in range(1, arrivals + 1)
    ]
    facts = {
        n: CardFacts(
            person_id=n,
            username=f"raider_{n:04d}",
            room_tips_total=25 * (n % 40),
            room_tip_count=n % 40,
            last_tip_at=T0 - timedelta(days=n % 90) if n % 40 else None,
            last_tip_tokens=25 if n % 40 else None,
            visits=n % 12,
            statbate_all_time_tokens=150 * n,
            statbate_last_tip_date="2026-11-30",
            statbate_captured_at=T0 - timedelta(hours=3),
            watchlists=(REGULARS,) if n % 10 == 0 else (),
            notes=tuple(
                Note(
                    id=n * 10 + k,
                    person_id=n,
                    content=f"note {k} about raider {n}",
                    created_at=T0 - timedelta(days=k),
                    updated_at=T0 - timedelta(days=k),
                )
                for k in range(n % 3)
            ),
            first_room_event_at=T0 - timedelta(days=n % 300),
            counted_through=100_000,
        )
        for n in range(1, arrivals + 1)
    }
    return events, facts


def fan_out(
    events: list[RoomEvent],
    facts: dict[int, CardFacts],
    streams: int,
    page: int,
    card: Callable[[CardFacts], EntryCard],
    frame: Callable[[radar_http.Item], bytes],
) -> float:
    """CPU seconds for every stream to turn every page into its bytes."""
    carded: list[set[int]] = [set() for _ in range(streams)]
    started = time.process_time()
    for start in range(0, len(events), page):
        events_of_page = events[start : start + page]
        facts_of_page = {e.person_id: facts[e.person_id] for e in events_of_page}
        for stream in range(streams):
            cards = {person_id: card(f) for person_id, f in facts_of_page.items()}
            shown = with_cards(events_of_page, cards, carded[stream])
            b"".join(frame(item) for item in shown)
    return time.process_time() - started


def looked_up(facts: dict[int, CardFacts]) -> dict[int, CardFacts]:
    """The facts once every arrival's look-up has landed."""
    return {
        person_id: msgspec.structs.replace(
            fact, statbate_all_time_tokens=175 * person_id, statbate_captured_at=T0
        )
        for person_id, fact in facts.items()
    }


def card_fan_out(
    facts: dict[int, CardFacts],
    streams: int,
    page: int,
    card: Callable[[CardFacts], EntryCard],
    frame: Callable[[radar_http.Item], bytes],
) -> float:
    """CPU seconds for every stream to send every changed card."""
    changed = sorted(facts)
    started = time.process_time()
    for start in range(0, len(changed), page):
        people = changed[start : start + page]
        for _ in range(streams):
            cards = {person_id: card(facts[person_id]) for person_id in people}
            updates = [CardUpdate(person_id=p, card=cards[p]) for p in people]
            b"".join(frame(update) for update in updates)
    return time.process_time() - started


def per_stream_frame(item: radar_http.Item) -> bytes:
    if isinstance(item, CardUpdate):
        return radar_http._card_frame(item)
    assert isinstance(item, RadarEvent)
    return radar_http._event_frame(item)


def clear_shared() -> None:
    radar_service._built_card.cache_clear()
    radar_http._shared_arrival_frame.cache_clear()
    radar_http._shared_card_frame.cache_clear()


def report(what: str, own: list[float], shared: list[float], arrivals: int, streams: int) -> None:
    own_s, shared_s = statistics.median(own), statistics.median(shared)
    print(f"{what}:")
    per_card = 1e6 / arrivals / streams
    print(f"  per stream: {own_s:.3f} s ({own_s * per_card:.1f} µs a card a stream)")
    print(
        f"  shared:     {shared_s:.3f} s ({shared_s * per_card:.1f} µs "
        f"a card a stream), {own_s / shared_s:.1f}x less"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arrivals", type=int, default=1_000)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--page", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    events, facts = raid(args.arrivals)
    changed = looked_up(facts)
    streams, page = args.streams, args.page
    arrivals: dict[str, list[float]] = {"own": [], "shared": []}
    updates: dict[str, list[float]] = {"own": [], "shared": []}
    for _ in range(args.rounds):
        arrivals["own"].append(fan_out(events, facts, streams, page, build_card, per_stream_frame))
        clear_shared()
        shared_card = radar_service._built_card
        updates["own"].append(card_fan_out(changed, streams, page, shared_card, per_stream_frame))
        clear_shared()
        arrivals["shared"].append(
            fan_out(events, facts, streams, page, shared_card, radar_http._frame)
        )
        updates["shared"].append(
            card_fan_out(changed, streams, page, shared_card, radar_http._frame)
        )
    print(
        f"a raid of {args.arrivals:,} arrivals to {streams} radars in pages of {page}, "
        f"CPU time per raid (median of {args.rounds})"
    )
    report("the arrivals", arrivals["own"], arrivals["shared"], args.arrivals, streams)
    report("their look-ups landing", updates["own"], updates["shared"], args.arrivals, streams)


if __name__ == "__main__":
    main()
