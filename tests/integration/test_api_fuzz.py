"""Property-based fuzzing of every operation in the OpenAPI schema, with every schemathesis check.

The app runs under uvicorn on loopback (its lifespan owns the pool, as in production) over a
real test database. Schemathesis generates valid and invalid requests for each operation from
the schema the app publishes, and every built-in check judges each answer: no 5xx, status codes,
content types, headers and bodies as declared, valid requests accepted and invalid ones refused,
and credentials enforced (an operation's first 2xx answer is sent again without credentials, and
with each credential alone made invalid, and must then be refused; as in schemathesis's own runs,
that is confirmed once per operation and way of authenticating).

The operations run once per way of authenticating, each alone: the owner's API key, then the
browser session (cookie and CSRF header). A valid key beside a corrupted cookie rightly passes,
so the credential check needs each alternative tried on its own.

The number of examples is fixed and the generation derandomised, so a run takes about the same
time and finds the same cases; the requests generated for the first credential are sent again
with the second, rather than generated twice. The operations are fuzzed in a few shards, each on
its own app and database, so that parallel test workers share the work.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from litestar import Litestar
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, CheckFunction, is_check_class, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
)
from schemathesis.transport.requests import ManagedCookiesSession
from tests.fakes import EVENING
from tests.integration.http_app import BROADCASTER, OWNER_PASSWORD, build_test_app

import mhc
from mhc.adapters.http.auth import CSRF_HEADER, SESSION_COOKIE
from mhc.domain.models import InteractionSource, InteractionType, SnapshotSource
from mhc.simulator import SimulatorConfig, run_simulator

EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 10}
# Revoking keys could revoke the fuzzer's own key, and logging out (here or everywhere, or one
# session by id) ends the fuzzer's session: each runs last for the identity that would lose its
# credentials.
LAST = frozenset({"revokeApiKey", "logout", "endBrowserSession", "endEveryBrowserSession"})
# The radar's and the alerts' event streams never end by design; test_radar_stream.py and
# test_http_alerts.py cover them. Fetching a Statbate profile answers 502 by design here (no
# Statbate is configured); test_http_analysis.py covers it against the simulator.
UNFUZZED = frozenset({"streamRadar", "streamAlerts", "captureStatbateProfile"})
SHARDS = 4
CREDENTIAL_HEADERS = ("Authorization", CSRF_HEADER)
# Rules the use cases enforce that JSON Schema cannot state (the operations' descriptions name
# them): a schema-valid request that breaks one is refused with 400 naming one of these fields,
# and is then held to every check but "valid data is accepted".
BEYOND_THE_SCHEMA = {
    # The text must name 1 to 100 people.
    "lookup": {"username", "pastedText"},
    # `since` not later than `until`.
    "listPersonInteractions": {"since"},
    # What each kind takes (names, a list or dates), and `since` before `until`.
    "startBackfill": {"since", "usernames", "watchlistId"},
    # Keys distinct once trimmed.
    "setPersonAttributes": {"attributes"},
    # An IANA time zone name this server's time zone database holds.
    "updateSettings": {"timezone"},
    # The code the authenticator shows now.
    "enableTotp": {"code"},
    "disableTotp": {"code"},
    # Which parts a connection takes: xsrfToken for statbate_plus, userKey for pushover.
    "setConnection": {"value", "xsrfToken", "userKey"},
    # The person's username, typed to confirm the erasure.
    "erasePerson": {"confirm"},
    # What a rule's kind needs in its parameters (an existing watchlist, an amount, levels).
    "createAlertRule": {"params"},
    "updateAlertRule": {"params"},
    # A time zone the zone database knows; for a save, a paste with something to save.
    "previewPaste": {"timeZone"},
    "savePaste": {"timeZone", "text"},
    # Not in the future, and not on the broadcaster's own page.
    "addPersonMessage": {"occurredAt", "personId"},
}


def every_check() -> list[CheckFunction]:
    """Every check schemathesis ships (what `st run --checks all` runs on each answer)."""
    load_all_checks()
    return [check for check in CHECKS.get_all() if not is_check_class(check)]


@dataclass(frozen=True)
class Served:
    """The fuzzed app's address, and the session its requests go through: one kept-alive
    connection rather than one opened and closed for each request, with the cookies of each
    answer dropped before the next request (so credentials stay the ones each request names)."""

    base_url: str
    session: ManagedCookiesSession


@pytest.fixture
def served(database_url: str) -> Iterator[Served]:
    """The app under uvicorn on a free loopback port.

    Every client points at the loopback simulator, with no token: a token the fuzzer sets on
    the Connections routes is tried there by their tests, never on a real service.
    """
    with (
        run_simulator(SimulatorConfig(seed=3)) as simulator,
        ManagedCookiesSession() as session,
    ):
        app = build_test_app(database_url, simulator=simulator, tokens=False)[0]
        for base_url in _serve(app):
            yield Served(base_url, session)


def _serve(app: Litestar) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="fuzzed-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def identities(base_url: str) -> dict[str, dict[str, str]]:
    """The owner's two ways in, each as the headers that carry it: an API key, a session."""
    with httpx.Client(base_url=base_url) as client:
        login = client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
        csrf = login.json()["csrfToken"]
        created = client.post(
            "/api/auth/keys",
            json={"name": "fuzzer", "password": OWNER_PASSWORD},
            headers={CSRF_HEADER: csrf},
        )
        session = client.cookies[SESSION_COOKIE]
    return {
        "apiKey": {"Authorization": f"Bearer {created.json()['key']}"},
        "session": {"Cookie": f"{SESSION_COOKIE}={session}", CSRF_HEADER: csrf},
    }


def seed(base_url: str, headers: dict[str, str], database_url: str) -> None:
    """People, a live session with room events, notes, a list, and snapshots two apart (so
    deltas are answered), so that small ids lead somewhere and every body has content."""
    with httpx.Client(base_url=base_url, headers=headers) as client:
        people = [
            client.post("/api/people", json={"username": name}).json()["id"]
            for name in ("big_tipper_77", "night_owl_3", "cam_star_5")
        ]
        session_id = client.post("/api/session/start").json()["id"]
        regulars = client.post("/api/watchlists", json={"name": "Regulars"}).json()
        for person_id in people:
            client.post(f"/api/person/{person_id}/note", json={"content": "seen on Fridays"})
            client.post(f"/api/watchlist/{regulars['id']}/member", json={"personId": person_id})
    asyncio.run(_seed_history(database_url, people, session_id))


async def _seed_history(database_url: str, people: list[int], session_id: int) -> None:
    async with mhc.connect(database_url) as panel:
        owner = await panel.people.find_or_create(BROADCASTER)
        for minutes, followers in ((0, 1200), (30, 1234)):
            await panel.snapshots.create(
                owner.id,
                SnapshotSource.CB_STATS,
                {"num_followers": followers},
                {"num_followers": followers, "rating": 4.5 + minutes / 100},
                captured_at=EVENING + timedelta(minutes=minutes),
            )
        for minutes, person_id in enumerate(people):
            for tokens in (100, 150):
                await panel.snapshots.create(
                    person_id,
                    SnapshotSource.STATBATE_MEMBER,
                    {"all_time_tokens": tokens},
                    {"all_time_tokens": tokens, "rank": 0.5},
                    captured_at=EVENING + timedelta(minutes=minutes, seconds=tokens),
                )
            now = datetime.now(UTC)
            for kind, metadata in (
                (InteractionType.USER_ENTER, {}),
                (InteractionType.TIP, {"tokens": 25, "isAnon": False}),
            ):
                await panel.interactions.create(
                    person_id,
                    kind,
                    None,
                    now,
                    InteractionSource.CB_EVENTS,
                    metadata=metadata,
                    session_id=session_id,
                    source_event_id=f"fuzz-{person_id}-{kind}",
                )


def fuzz(
    served: Served,
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    examples: int,
    headers: dict[str, str],
    checks: list[CheckFunction],
    auth_enforced: set[str],
) -> list[schemathesis.Case]:
    """Send `examples` generated requests to `operation` with `headers` as the only
    credentials and run `checks` on each answer; returns the requests sent, as generated."""
    sent: list[schemathesis.Case] = []

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        # Credentials the generator made up would stand beside the real ones.
        for name in CREDENTIAL_HEADERS:
            case.headers.pop(name, None)
        case.cookies.pop(SESSION_COOKIE, None)
        sent.append(case.derive())
        send_and_check(served, operation, case, headers, checks, auth_enforced)

    check()
    return sent


def send_and_check(
    served: Served,
    operation: schemathesis.APIOperation,
    case: schemathesis.Case,
    headers: dict[str, str],
    checks: list[CheckFunction],
    auth_enforced: set[str],
) -> None:
    """Send `case` with `headers` as its only credentials and run `checks` on the answer.

    `auth_enforced` holds the operations already shown to refuse these credentials missing or
    made invalid: as in schemathesis's own runs, that is a property of the operation, confirmed
    once (on the first answer that accepted the credentials), not probed again for every case.
    """
    response = case.call(
        base_url=served.base_url, session=served.session, headers=headers, timeout=10
    )
    beyond = BEYOND_THE_SCHEMA.get(str(operation.definition.raw.get("operationId")), set())
    refused_by_rule = (
        response.status_code == 400
        and {error["field"] for error in response.json().get("errors") or [{"field": "body"}]}
        <= beyond
    )
    chosen = checks
    if refused_by_rule:
        chosen = [check for check in checks if check is not positive_data_acceptance]
    # A body over the size limit (by its length or the Content-Length it claims) is refused
    # before it is read, with the documented 413, which schemathesis does not count among
    # refusals.
    if response.status_code == 413:
        assert response.json()["type"].endswith("request-entity-too-large"), response.text
        chosen = [check for check in chosen if check is not negative_data_rejection]
    if operation.label in auth_enforced:
        chosen = [check for check in chosen if check is not ignored_auth]
    case.validate_response(response, checks=chosen, headers=headers)
    probed = 200 <= response.status_code < 300 and not (
        # An invalid path parameter can miss the route: ignored_auth does not probe then.
        case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    )
    if ignored_auth in chosen and probed:
        auth_enforced.add(operation.label)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fuzzed_requests_pass_every_check_when_sent_to_any_operation_with_either_credential(
    served: Served, database_url: str, shard: int
) -> None:
    logins = identities(served.base_url)
    schema = schemathesis.openapi.from_url(f"{served.base_url}/schema/openapi.json")
    operations = sorted(
        (
            operation
            for operation in (result.ok() for result in schema.get_all_operations())
            if operation.definition.raw.get("operationId") not in UNFUZZED
        ),
        key=lambda operation: operation.definition.raw.get("operationId") in LAST,
    )
    seed(served.base_url, logins["apiKey"], database_url)
    checks = every_check()
    sent = 0
    failures: list[str] = []
    assert len(operations) == 85
    assert len(checks) >= 14
    # Every SHARDS-th operation from this shard's first; the credential-ending ones stay last.
    operations = operations[shard::SHARDS]
    # What the first identity was sent, sent again with the second (generation is derandomised,
    # so generating them again would give the same requests, at twice the cost).
    generated: dict[tuple[str, GenerationMode], list[schemathesis.Case]] = {}

    # The API key first: the session's run ends by logging out, the key's by revoking keys.
    for identity, headers in logins.items():
        auth_enforced: set[str] = set()
        for operation in operations:
            for mode, examples in EXAMPLES.items():
                cases = generated.get((operation.label, mode))
                try:
                    if cases is None:
                        cases = fuzz(
                            served, operation, mode, examples, headers, checks, auth_enforced
                        )
                        generated[operation.label, mode] = cases
                    else:
                        for case in cases:
                            send_and_check(served, operation, case, headers, checks, auth_enforced)
                    sent += len(cases)
                except Unsatisfiable:
                    # No invalid request exists (a public operation without parameters).
                    assert mode is GenerationMode.NEGATIVE, operation.label
                except (Exception, BaseExceptionGroup) as failure:
                    failures.append(f"{identity} {operation.label} ({mode.value}):\n{failure}")

    assert not failures, "\n\n".join(failures)
    assert sent >= len(operations) * 2 * 10
