"""The worker's alert watcher: every room event stored is held against the owner's rules.

It follows the room events from a position of its own (see room_following), keeps track of
who is in the room (the same rule as the radar's), and when a rule matches and is due,
records the alert (the panel's open tabs show it at once) and sends it to the phone in the
background. A look-up that lands for someone already in the room is held against the rules
that need Statbate's numbers. Deliveries run apart from the watching, and the watching apart
from ingestion: neither can slow the other down.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

import anyio

from mhc.domain.alerts import (
    AlertKind,
    AlertRecord,
    AlertRule,
    Arrival,
    NewAlert,
    is_due,
    reason,
)
from mhc.domain.lookups import PRESENCE_TYPES
from mhc.domain.models import InteractionType
from mhc.domain.radar import (
    PRESENCE_MAX_AGE,
    PRESENCE_RESETS,
    CardFacts,
    RoomEvent,
    present_people,
)
from mhc.domain.usernames import normalize_username
from mhc.ports.alerts import AlertStore
from mhc.ports.clock import Clock
from mhc.ports.ingestion import StopRequest
from mhc.ports.radar import FollowerPositions, LiveFeed
from mhc.services.alert_delivery import AlertSender, planned_deliveries
from mhc.services.cancel_once import SideTasks
from mhc.services.room_following import FollowTuning, follow_room

log = logging.getLogger("mhc.alerts")

FOLLOWER = "alerts"
# A watcher seen for the first time looks at what the room did this long ago and since: the
# worker may store the show's opening moments before the watcher first asks where to start.
START_LOOK_BACK = timedelta(minutes=2)
# Phone deliveries under way at once; more wait their turn (the watching does not).
PARALLEL_DELIVERIES = 4
# Rules held against a look-up that landed for someone already in the room.
_STATBATE_KINDS = frozenset({AlertKind.BIG_SPENDER_ENTERS})
# A private message may be the owner's own (to someone not in the room): it proves nobody in.
_ARRIVAL_TYPES = PRESENCE_TYPES - {InteractionType.PRIVATE_MESSAGE}


class AlertWatcher:
    def __init__(
        self,
        *,
        feed: LiveFeed,
        positions: FollowerPositions,
        store: AlertStore,
        sender: AlertSender,
        clock: Clock,
        owner: str,
        stop: StopRequest,
        follow_tuning: FollowTuning | None = None,
    ) -> None:
        self._feed = feed
        self._positions = positions
        self._store = store
        self._sender = sender
        self._clock = clock
        self._owner = normalize_username(owner)
        self._stop = stop
        self._follow_tuning = follow_tuning
        # Who is in the room: each person's event that put them there.
        self._present: dict[int, RoomEvent] = {}
        self._show_start: datetime | None = None
        self._deliveries = anyio.CapacityLimiter(PARALLEL_DELIVERIES)
        self._pushes: SideTasks | None = None

    async def run(self) -> None:
        """Watch until stopped; deliveries still under way then are given up (cancelled once,
        so that a write under way is cancelled in the server and its connection kept)."""
        async with SideTasks() as pushes:
            self._pushes = pushes
            await follow_room(
                FOLLOWER,
                self._feed,
                self._positions,
                self.handle,
                self._stop,
                start_before=START_LOOK_BACK,
                tuning=self._follow_tuning,
            )

    async def handle(self, events: Sequence[RoomEvent], changed: set[int]) -> None:
        """Hold `events` (and the landed look-ups of `changed`) against the rules."""
        if self._show_start is None:
            await self._load_room()
        candidates: list[tuple[RoomEvent, bool, frozenset[AlertKind] | None]] = []
        for event in events:
            arrived = self._note(event)
            if arrived is not None:
                candidates.append((event, arrived, None))
        for person_id in sorted(changed):
            arrival = self._present.get(person_id)
            if arrival is not None:
                candidates.append((arrival, True, _STATBATE_KINDS))
        if not candidates:
            return
        rules = [rule for rule in await self._store.rules() if rule.enabled]
        if not rules:
            return
        muted_until = await self._store.muted_until()
        facts = await self._feed.card_facts({event.person_id for event, _, _ in candidates})
        for event, arrived, kinds in candidates:
            known = facts.get(event.person_id)
            if known is None:
                continue
            wanted = [rule for rule in rules if kinds is None or rule.kind in kinds]
            await self._consider(wanted, self._arrival(event, arrived, known), muted_until)

    def _note(self, event: RoomEvent) -> bool | None:
        """Keep track of the room; whether `event` put its person in the room (None when it
        is not a sign of anyone in it)."""
        if event.type in PRESENCE_RESETS:
            self._present.clear()
            self._show_start = event.occurred_at
            return None
        if event.username == self._owner:
            return None
        if event.type is InteractionType.USER_LEAVE:
            self._present.pop(event.person_id, None)
            return None
        if event.type not in PRESENCE_TYPES:
            return None
        arrived = event.type is InteractionType.USER_ENTER or (
            event.type in _ARRIVAL_TYPES and event.person_id not in self._present
        )
        if event.type in _ARRIVAL_TYPES:
            self._present.setdefault(event.person_id, event)
        return arrived

    async def _load_room(self) -> None:
        """Who is in the room now, read once when the watcher starts."""
        state = await self._feed.room_state(self._owner, now=self._clock.now(), recent=0)
        resets = [state.reset] if state.reset is not None else []
        by_id = {event.person_id: event for event in state.presence_events}
        self._present = {
            p.person_id: by_id[p.person_id]
            for p in present_people([*resets, *state.presence_events])
            if p.person_id in by_id
        }
        self._show_start = (
            state.reset.occurred_at
            if state.reset is not None
            else self._clock.now() - PRESENCE_MAX_AGE
        )

    def _arrival(self, event: RoomEvent, arrived: bool, facts: CardFacts) -> Arrival:
        show_start = self._show_start or event.occurred_at - PRESENCE_MAX_AGE
        first_seen = facts.first_room_event_at
        return Arrival(
            interaction_id=event.id,
            person_id=event.person_id,
            username=event.username,
            event_type=event.type.value,
            occurred_at=event.occurred_at,
            session_id=event.session_id,
            arrived=arrived,
            first_visit=first_seen is None or first_seen >= show_start,
            tokens=event.tokens,
            watchlists=tuple((w.id, w.name) for w in facts.watchlists),
            statbate_all_time_tokens=facts.statbate_all_time_tokens,
            recent_tips=facts.flags.recent_tips if facts.flags is not None else None,
            latest_note=facts.notes[0].content if facts.notes else None,
        )

    async def _consider(
        self, rules: list[AlertRule], arrival: Arrival, muted_until: datetime | None
    ) -> None:
        matched = [(rule, why) for rule in rules if (why := reason(rule, arrival)) is not None]
        if not matched:
            return
        last = await self._store.last_alerts(arrival.person_id, [rule.id for rule, _ in matched])
        now = self._clock.now()
        for rule, why in matched:
            if not is_due(rule, last.get(rule.id), arrival, now, muted_until):
                continue
            record = await self._sender.record(
                NewAlert(
                    rule_id=rule.id,
                    rule_kind=rule.kind.value,
                    rule_name=rule.name,
                    person_id=arrival.person_id,
                    username=arrival.username,
                    session_id=arrival.session_id,
                    interaction_id=arrival.interaction_id,
                    reason=why,
                    fired_at=now,
                    deliveries=await planned_deliveries(self._sender.notifier),
                )
            )
            if self._pushes is not None:
                self._pushes.start_soon(self._push, record)

    async def _push(self, record: AlertRecord) -> None:
        async with self._deliveries:
            await self._sender.push(record)
