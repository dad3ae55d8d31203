"""Settings of a simulator run and of the faults it injects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# Route groups, the unit that faults and request records are counted in.
EVENTS = "events"
STATS = "stats"
STATBATE = "statbate"
PLUS = "plus"
PUSHOVER = "pushover"
ROUTES = frozenset({EVENTS, STATS, STATBATE, PLUS, PUSHOVER})

PlusExpiredAnswer = Literal["redirect", "401", "419", "html"]


@dataclass(frozen=True, slots=True)
class Faults:
    """Misbehaviour applied to every request of the routes in `routes`.

    Shares are probabilities per request, drawn from a generator seeded by the run's seed.
    """

    latency: float = 0.0
    share_5xx: float = 0.0
    statuses_5xx: tuple[int, ...] = (500, 502, 503, 504, 520, 521, 522, 523, 524)
    share_429: float = 0.0
    # Seconds announced in Retry-After on 429 answers; None sends no header.
    retry_after: float | None = 1.0
    share_drop: float = 0.0
    revoked_tokens: bool = False
    plus_session_expired: bool = False
    plus_expired_answer: PlusExpiredAnswer = "redirect"
    routes: frozenset[str] = ROUTES


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    seed: int = 1
    host: str = "127.0.0.1"
    # 0 picks a free port.
    port: int = 0
    broadcaster: str = "hudson_cage"
    viewers: int = 40
    # A start time makes the clock virtual (event ids and dates reproducible); None = wall clock.
    start_time: datetime | None = None
    events_per_second: float = 0.0
    broadcast_length: tuple[int, int] = (150, 600)
    # Events a first long poll without `i` replays ("all latest events").
    replay_count: int = 100
    max_events_per_response: int = 100
    # What a long poll that waited its whole timeout answers: the documented 400, or 200 empty.
    timeout_answer: Literal["waited_too_long", "empty"] = "waited_too_long"
    include_excluded_regular: bool = True
    events_token: str = "sim-events-token"
    stats_token: str = "simstatstoken00000000001"
    statbate_token: str = "sim-statbate-token"
    plus_session_cookie: str = "sim-plus-session"
    # As a browser holds it: URL-encoded (the decoded value ends with "=").
    plus_xsrf_token: str = "sim-xsrf-token%3D"
    pushover_token: str = "simpushoverapptoken000000000001"
    pushover_user: str = "simpushoveruserkey00000000000001"
    # Accept only the latest cookies issued (Laravel keeps old ones valid; this proves a client
    # sends back what Set-Cookie gave it).
    plus_strict_rotation: bool = False
    faults: Faults = field(default_factory=Faults)
