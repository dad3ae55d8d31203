"""The rules of the connections (what a value may be, what is shown of it, which value wins),
the cipher that seals them, and the service over an in-memory store."""

from __future__ import annotations

import string
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import EVENING, ManualClock

from mhc.adapters.crypto import SecretBox
from mhc.domain.connections import (
    CheckResult,
    ConnectionName,
    ConnectionState,
    Credential,
    Health,
    Outcome,
    ValueSource,
    credential_from_input,
    credential_from_stored,
    credentials_from_environment,
    hint,
    is_refusal,
)
from mhc.domain.errors import Conflict, InvalidInput
from mhc.entrypoints.secret_key import resolve_secret_key
from mhc.entrypoints.settings import Settings
from mhc.ports.connections import StoredConnection, UnreadableSecret
from mhc.services.connections import ConnectionService

KEY = "unit-test-secret-key-0123456789abcdef0123"
printable = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation, min_size=1)


class MemoryStore:
    """The ConnectionStore port in memory."""

    def __init__(self) -> None:
        self.rows: dict[str, StoredConnection] = {}
        self.reads = 0

    async def all(self) -> list[StoredConnection]:
        return sorted(self.rows.values(), key=lambda row: row.name)

    async def get(self, name: ConnectionName) -> StoredConnection | None:
        self.reads += 1
        return self.rows.get(name.value)

    async def save_secret(self, name: ConnectionName, sealed: bytes, at: datetime) -> None:
        row = self.rows.get(name.value)
        health = row.health if row is not None else None
        self.rows[name.value] = StoredConnection(
            name=name.value, secret=sealed, secret_set_at=at, health=health
        )

    async def clear_secret(self, name: ConnectionName) -> None:
        row = self.rows.get(name.value)
        if row is not None:
            self.rows[name.value] = StoredConnection(
                name=name.value, secret=None, secret_set_at=None, health=row.health
            )

    async def record_health(self, name: ConnectionName, health: Health) -> None:
        row = self.rows.get(name.value)
        success = health.checked_at if health.outcome is Outcome.WORKING else None
        self.rows[name.value] = StoredConnection(
            name=name.value,
            secret=row.secret if row else None,
            secret_set_at=row.secret_set_at if row else None,
            health=Health(
                fingerprint=health.fingerprint,
                outcome=health.outcome,
                message=health.message,
                checked_at=health.checked_at,
                last_success_at=success,
            ),
        )

    async def replace_secrets(self, sealed: dict[ConnectionName, bytes]) -> None:
        for name, secret in sealed.items():
            row = self.rows[name.value]
            self.rows[name.value] = StoredConnection(
                name=row.name, secret=secret, secret_set_at=row.secret_set_at, health=row.health
            )


def service(
    store: MemoryStore | None = None,
    *,
    environment: dict[str, str | None] | None = None,
    key: str = KEY,
    now: list[float] | None = None,
) -> ConnectionService:
    clock_now = now if now is not None else [0.0]

    async def refused(credential: Credential) -> CheckResult:
        return CheckResult(outcome=Outcome.REFUSED, message="token refused (HTTP 401)")

    return ConnectionService(
        store or MemoryStore(),
        SecretBox(key),
        ManualClock(EVENING),
        environment=environment or {},
        checks={ConnectionName.CB_STATS: refused},
        monotonic=lambda: clock_now[0],
    )


# --- rules ----------------------------------------------------------------------------------


@given(printable)
def test_a_hint_never_shows_more_than_the_last_four_characters(value: str) -> None:
    shown = hint(value)

    if len(value) < 8:
        assert shown is None
    else:
        assert shown == value[-4:]


@given(printable)
def test_a_typed_value_is_kept_exactly_and_survives_sealing_when_it_is_printable(
    value: str,
) -> None:
    credential = credential_from_input(ConnectionName.STATBATE, value)
    box = SecretBox(KEY)

    opened = box.open("statbate", box.seal("statbate", credential.encoded()))

    assert credential_from_stored(ConnectionName.STATBATE, opened) == credential
    assert credential.secret == value


@given(st.text(min_size=1).filter(lambda text: any(c.isspace() or ord(c) > 126 for c in text)))
def test_a_value_with_spaces_or_other_characters_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        credential_from_input(ConnectionName.CB_EVENTS, text)

    assert refused.value.field == "value"


def test_a_two_part_connection_needs_its_second_part_and_a_one_part_one_takes_none() -> None:
    with pytest.raises(InvalidInput) as missing:
        credential_from_input(ConnectionName.PUSHOVER, "po-app-token-0001")
    with pytest.raises(InvalidInput) as extra:
        credential_from_input(ConnectionName.CB_STATS, "stats-token", {"xsrfToken": "x-123"})

    assert (missing.value.field, extra.value.field) == ("userKey", "xsrfToken")
    both = credential_from_input(ConnectionName.PUSHOVER, "po-app-1", {"userKey": "po-user-2"})
    assert both.parts == {"token": "po-app-1", "userKey": "po-user-2"}


def test_the_environment_sets_a_connection_only_when_it_sets_every_part() -> None:
    complete, partial = credentials_from_environment(
        {
            "CB_EVENTS_TOKEN": "evt-token",
            "STATBATE_PLUS_SESSION_COOKIE": "cookie-only",
            "STATBATE_PLUS_XSRF_TOKEN": "",
        }
    )

    assert set(complete) == {ConnectionName.CB_EVENTS}
    assert complete[ConnectionName.CB_EVENTS].source is ValueSource.ENVIRONMENT
    assert partial == {ConnectionName.STATBATE_PLUS: ["STATBATE_PLUS_XSRF_TOKEN"]}


@pytest.mark.parametrize(
    ("status", "message", "refused"),
    [
        (401, "credentials refused (HTTP 401)", True),
        (200, "token refused (the Stats API answered 'Unauthorized')", True),
        (None, "Statbate Plus session expired: redirected to the login page", True),
        (503, "HTTP 503 (gave up after 4 attempts)", False),
        (None, "connection failed (ConnectError)", False),
    ],
)
def test_only_a_refusal_of_the_credentials_counts_as_refused(
    status: int | None, message: str, refused: bool
) -> None:
    assert is_refusal(status, message) is refused


# --- the cipher -----------------------------------------------------------------------------


def test_a_sealed_value_opens_only_under_its_key_and_for_its_connection() -> None:
    box = SecretBox(KEY)
    sealed = box.seal("cb_events", b"evt-token-0001")

    assert box.open("cb_events", sealed) == b"evt-token-0001"
    assert b"evt-token-0001" not in sealed
    with pytest.raises(UnreadableSecret, match="another MHC_SECRET_KEY"):
        SecretBox("another-key-0123456789abcdef0123456789").open("cb_events", sealed)
    with pytest.raises(UnreadableSecret, match="altered"):
        box.open("cb_stats", sealed)
    with pytest.raises(UnreadableSecret, match="altered"):
        box.open("cb_events", sealed[:-1] + bytes([sealed[-1] ^ 1]))


def test_sealing_the_same_value_twice_gives_two_ciphertexts_and_one_fingerprint() -> None:
    box = SecretBox(KEY)

    assert box.seal("statbate", b"same") != box.seal("statbate", b"same")
    assert box.fingerprint("statbate", b"same") == box.fingerprint("statbate", b"same")
    assert box.fingerprint("statbate", b"same") != SecretBox("x" * 40).fingerprint(
        "statbate", b"same"
    )


def test_a_development_key_file_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", secret_key=None)

    first = resolve_secret_key(settings)
    again = resolve_secret_key(settings)

    assert first == again
    assert len(first) >= 32
    assert (tmp_path / "data" / "secret-key").stat().st_mode & 0o777 == 0o600


# --- the service ----------------------------------------------------------------------------


async def test_the_environment_wins_over_a_value_set_here() -> None:
    connections = service(environment={"STATBATE_API_TOKEN": "env-statbate-token"})

    view = await connections.set(ConnectionName.STATBATE, "panel-statbate-token")

    assert view.source is ValueSource.ENVIRONMENT
    assert view.stored is True
    assert view.parts[0].hint == "oken"
    current = await connections.current(ConnectionName.STATBATE)
    assert current is not None
    assert current.secret == "env-statbate-token"


async def test_a_value_set_elsewhere_is_read_once_the_cache_expires() -> None:
    store, now = MemoryStore(), [0.0]
    web, worker = service(store, now=now), service(store, now=now)
    assert await worker.current(ConnectionName.CB_EVENTS) is None

    await web.set(ConnectionName.CB_EVENTS, "evt-token-0001")
    cached = await worker.current(ConnectionName.CB_EVENTS)
    now[0] = 2.5
    fresh = await worker.current(ConnectionName.CB_EVENTS)

    assert cached is None
    assert fresh is not None
    assert fresh.secret == "evt-token-0001"


async def test_an_uncached_provider_reads_a_value_set_elsewhere_at_once() -> None:
    store = MemoryStore()
    web, worker = service(store), service(store)
    cached = worker.secret_provider(ConnectionName.CB_EVENTS)
    uncached = worker.secret_provider(ConnectionName.CB_EVENTS, cached=False)
    assert await cached() is None

    await web.set(ConnectionName.CB_EVENTS, "evt-token-0001")

    assert await cached() is None
    assert await uncached() == "evt-token-0001"
    # What an uncached read found is what the cached ones see from then on.
    assert await cached() == "evt-token-0001"


async def test_a_refused_test_shows_refused_until_a_new_value_is_set() -> None:
    connections = service()
    await connections.set(ConnectionName.CB_STATS, "stats-token-0001")

    result, view = await connections.test(ConnectionName.CB_STATS)
    renewed = await connections.set(ConnectionName.CB_STATS, "stats-token-0002")

    assert result.outcome is Outcome.REFUSED
    assert view.state is ConnectionState.REFUSED
    assert view.checked_at == EVENING
    assert renewed.state is ConnectionState.SET


async def test_testing_what_is_not_set_is_a_conflict() -> None:
    with pytest.raises(Conflict, match="not set"):
        await service().test(ConnectionName.STATBATE)


async def test_successes_in_real_use_are_written_at_most_every_few_minutes() -> None:
    store, now = MemoryStore(), [0.0]
    connections = service(store, now=now)
    await connections.set(ConnectionName.CB_EVENTS, "evt-token-0001")
    writes = []
    original = store.record_health

    async def counting(name: ConnectionName, health: Health) -> None:
        writes.append(health.outcome)
        await original(name, health)

    store.record_health = counting  # type: ignore[method-assign]
    for moment in (1.0, 2.0, 100.0, 400.0):
        now[0] = moment
        await connections.note(ConnectionName.CB_EVENTS, Outcome.WORKING, "working")
    await connections.note(ConnectionName.CB_EVENTS, Outcome.REFUSED, "refused")

    assert writes == [Outcome.WORKING, Outcome.WORKING, Outcome.REFUSED]


async def test_rekeying_reseals_what_the_old_key_opens_under_the_new_key() -> None:
    store = MemoryStore()
    await service(store, key="the-old-key-0123456789abcdef0123456789").set(
        ConnectionName.CB_EVENTS, "evt-token-0001"
    )
    renewed = service(store, key=KEY)
    assert (await renewed.view(ConnectionName.CB_EVENTS)).state is ConnectionState.UNREADABLE

    resealed = await renewed.rekey(SecretBox("the-old-key-0123456789abcdef0123456789"))

    assert resealed == [ConnectionName.CB_EVENTS]
    current = await renewed.current(ConnectionName.CB_EVENTS)
    assert current is not None
    assert current.secret == "evt-token-0001"
