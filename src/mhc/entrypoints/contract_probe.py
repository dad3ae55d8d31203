"""One read-only call to an external endpoint, captured exactly as it came over the wire.

`mhc contract record` saves such an answer (masked) for the tests, and the live contract
tests (`make test-live`) compare one with its contract. The call goes through the panel's own
clients with the configured credentials, so what is checked is what production reads; the
answer is taken from the HTTP exchange itself, before any decoding. Nothing is ever written
to a service: the calls are GETs, one Events API poll that does not wait, and Statbate's
batch look-up (a POST that only reads).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import msgspec

from mhc.adapters.statbate.plus import chat_history_endpoint
from mhc.domain.contracts import shapes
from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.examples import mask_value, pseudonymise
from mhc.domain.errors import InvalidInput, MhcError
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.ports.ingestion import EventsCursor

Call = Callable[[Container, Settings, list[str]], Awaitable[object]]

EVENTS_TOKEN = ("CB_EVENTS_TOKEN",)
STATS_TOKEN = ("CB_STATS_TOKEN",)
STATBATE_TOKEN = ("STATBATE_API_TOKEN",)
PLUS_COOKIES = ("STATBATE_PLUS_SESSION_COOKIE", "STATBATE_PLUS_XSRF_TOKEN")


@dataclass(frozen=True, slots=True)
class Probe:
    """How to ask one endpoint: the credentials it needs and who it asks about.

    `asks_about` is "member" (a Statbate member's name, required), "members" (one or more),
    "room" (a model or room; the broadcaster when none is given) or "" (nobody).
    """

    contract: EndpointContract
    needs: tuple[str, ...]
    asks_about: str
    call: Call


class CapturedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """The last HTTP answer of a call: its status and body (JSON, or text when it is not)."""

    status: int
    body: Any
    error: str | None = None


class RecordedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """A recorded answer as committed under tests/contracts/payloads/, masked."""

    service: str
    name: str
    endpoint: str
    status: int
    recorded_at: datetime
    body: Any


def _room(settings: Settings, names: list[str]) -> str:
    return names[0] if names else settings.broadcaster


async def _events(container: Container, settings: Settings, names: list[str]) -> object:
    feed = container.events_feed(
        broadcaster=normalize_username(settings.broadcaster), token=settings.cb_events_token
    )
    # Without `i` the service answers with its latest events; timeout 0 answers at once.
    return await feed.poll(EventsCursor(timeout_seconds=0))


async def _stats(container: Container, settings: Settings, names: list[str]) -> object:
    return await container.cb_stats().get_stats(settings.broadcaster)


async def _chat(container: Container, settings: Settings, names: list[str]) -> object:
    return await container.statbate_plus().get_chat_history(_room(settings, names))


def _statbate(method: str, *, room: bool = False) -> Call:
    async def call(container: Container, settings: Settings, names: list[str]) -> object:
        client = container.statbate()
        site = settings.statbate_site
        if method == "member_batch":
            return await client.get_member_info_batch(site, names)
        name = _room(settings, names) if room else names[0]
        fetch: Callable[[str, str], Awaitable[object]] = getattr(client, f"get_{method}")
        return await fetch(site, name)

    return call


PROBES: tuple[Probe, ...] = (
    Probe(shapes.EVENTS, EVENTS_TOKEN, "", _events),
    Probe(shapes.STATS, STATS_TOKEN, "", _stats),
    Probe(shapes.MEMBER_INFO, STATBATE_TOKEN, "member", _statbate("member_info")),
    Probe(shapes.MEMBER_BATCH, STATBATE_TOKEN, "members", _statbate("member_batch")),
    Probe(shapes.MODEL_INFO, STATBATE_TOKEN, "room", _statbate("model_info", room=True)),
    Probe(
        shapes.MODEL_ACTIVITY_ENDPOINT,
        STATBATE_TOKEN,
        "room",
        _statbate("model_activity", room=True),
    ),
    Probe(shapes.MODEL_TIPS, STATBATE_TOKEN, "room", _statbate("model_tips", room=True)),
    Probe(shapes.MEMBER_TIPS, STATBATE_TOKEN, "member", _statbate("member_tips")),
    Probe(shapes.MEMBER_TAG_SPENDING, STATBATE_TOKEN, "member", _statbate("member_tag_spending")),
    Probe(shapes.MEMBER_TOP_MODELS, STATBATE_TOKEN, "member", _statbate("member_top_models")),
    Probe(shapes.MEMBER_ACTIVITY_ENDPOINT, STATBATE_TOKEN, "member", _statbate("member_activity")),
    Probe(chat_history_endpoint(), PLUS_COOKIES, "room", _chat),
)


def find_probe(service: str, name: str) -> Probe:
    for probe in PROBES:
        if probe.contract.service == service and probe.contract.name == name:
            return probe
    known = ", ".join(f"{p.contract.service} {p.contract.name}" for p in PROBES)
    raise InvalidInput(f"no endpoint {service} {name}; known: {known}", field="endpoint")


def find_contract(service: str, name: str) -> EndpointContract:
    return find_probe(service, name).contract


def missing_credentials(probe: Probe, environment: dict[str, str | None]) -> list[str]:
    """The variables among `probe.needs` that have no value in `environment`."""
    return [name for name in probe.needs if not environment.get(name)]


def credentials_of(settings: Settings) -> dict[str, str | None]:
    return {
        "CB_EVENTS_TOKEN": settings.cb_events_token,
        "CB_STATS_TOKEN": settings.cb_stats_token,
        "STATBATE_API_TOKEN": settings.statbate_api_token,
        "STATBATE_PLUS_SESSION_COOKIE": settings.statbate_plus_session_cookie,
        "STATBATE_PLUS_XSRF_TOKEN": settings.statbate_plus_xsrf_token,
    }


def check_names(probe: Probe, settings: Settings, names: Sequence[str]) -> list[str]:
    """The names normalised; refused when the endpoint needs one, or when one is excluded."""
    normalised = [normalize_username(name) for name in names]
    if probe.asks_about in ("member", "members") and not normalised:
        raise InvalidInput(f"{probe.contract.name} needs a member's name", field="name")
    if probe.asks_about in ("member", "room") and len(normalised) > 1:
        raise InvalidInput(f"{probe.contract.name} takes one name", field="name")
    if not probe.asks_about and normalised:
        raise InvalidInput(f"{probe.contract.name} takes no name", field="name")
    exclusion = ExclusionPolicy(settings.excluded_usernames)
    for name in normalised:
        if probe.contract.service.startswith("statbate") and exclusion.is_excluded(name):
            raise InvalidInput(f"{name} is excluded and is never sent to Statbate", field="name")
    return normalised


async def capture_answer(
    container: Container, settings: Settings, probe: Probe, names: Sequence[str]
) -> CapturedAnswer:
    """Make the probe's call and return the last answer the service gave to it.

    A call that fails after the service answered (a 5xx after the retries, a body that does
    not decode) still returns that answer, with `error`; one that got no answer raises.
    """
    normalised = check_names(probe, settings, names)
    client: httpx.AsyncClient = container.http_client()
    answers: list[httpx.Response] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        answers.append(response)

    client.event_hooks["response"].append(keep)
    error: str | None = None
    try:
        await probe.call(container, settings, normalised)
    except MhcError as exc:
        if not answers:
            raise
        error = str(exc)
    finally:
        client.event_hooks["response"].remove(keep)
    if not answers:
        raise InvalidInput(f"{probe.contract.name}: no answer was received")
    last = answers[-1]
    try:
        body: Any = msgspec.json.decode(last.content)
    except msgspec.DecodeError:
        body = last.content.decode("utf-8", "replace")
    return CapturedAnswer(status=last.status_code, body=body, error=error)


def recorded(
    probe: Probe,
    answer: CapturedAnswer,
    *,
    secrets: Sequence[str],
    recorded_at: datetime,
    hide_names: bool,
) -> RecordedAnswer:
    """The answer as it may be committed: secrets masked, names replaced when asked."""
    body = mask_value(answer.body, secrets)
    if hide_names:
        body = pseudonymise(body)
    return RecordedAnswer(
        service=probe.contract.service,
        name=probe.contract.name,
        endpoint=probe.contract.endpoint,
        status=answer.status,
        recorded_at=recorded_at,
        body=body,
    )
