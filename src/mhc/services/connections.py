"""The connections use case: set, remove and test the values the panel's clients use, and the
one way any consumer gets a connection's current value (environment first, then the panel's).

- Values set on the panel are sealed (SecretCipher) before they reach the store, and opened
  only to be used: no route, log line or export ever carries one. What the owner sees of a
  value is its last four characters.
- A consumer asks for the current value just before it uses it (`provider`, `current`), so a
  value set or removed on the panel reaches a running worker without a restart. Reads are
  cached for `cache_seconds`, so a client does not cost a query per request; this process's
  own writes take effect at once.
- Health is measured per value (a keyed fingerprint of it): a test, the worker's Events API
  feed, and refusals met by any client in real use record how the value fared.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from mhc.domain.connections import (
    SPECS,
    CheckResult,
    ConnectionName,
    ConnectionState,
    ConnectionView,
    Credential,
    Health,
    Outcome,
    credential_from_input,
    credential_from_stored,
    credentials_from_environment,
    is_refusal,
    view_of,
)
from mhc.domain.errors import Conflict, StoreUnavailable
from mhc.domain.models import ApiFailure, NewApiFailure
from mhc.ports.clock import Clock
from mhc.ports.connections import (
    ConnectionCheck,
    ConnectionStore,
    CredentialProvider,
    SecretCipher,
    SecretProvider,
    StoredConnection,
    UnreadableSecret,
)
from mhc.ports.operations import FailureLog
from mhc.services.connection_checks import untestable

log = logging.getLogger("mhc.connections")

# A success seen in real use is written at most this often per value (state changes at once).
SUCCESS_NOTE_SECONDS = 300.0


@dataclass(slots=True)
class _Cached:
    credential: Credential | None
    unreadable: str | None
    read_at: float


class ConnectionService:
    """Connections of the panel: their values, state and tests."""

    def __init__(
        self,
        store: ConnectionStore,
        cipher: SecretCipher,
        clock: Clock,
        *,
        environment: Mapping[str, str | None],
        checks: Mapping[ConnectionName, ConnectionCheck] | None = None,
        cache_seconds: float = 2.0,
        remember_secret: Callable[[str], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._cipher = cipher
        self._clock = clock
        self._environment, self._incomplete = credentials_from_environment(environment)
        self._checks = dict(checks or {})
        self._cache_seconds = cache_seconds
        self._remember_secret = remember_secret
        self._monotonic = monotonic
        self._cache: dict[ConnectionName, _Cached] = {}
        self._noted: dict[ConnectionName, tuple[str, Outcome, float]] = {}
        for credential in self._environment.values():
            self._remember(credential)

    # --- the current value, for consumers -----------------------------------------------------

    async def current(self, name: ConnectionName, *, cached: bool = True) -> Credential | None:
        """The value in use now: the environment's, else the panel's (read again from the store
        unless `cached`), else None."""
        from_environment = self._environment.get(name)
        if from_environment is not None:
            return from_environment
        return (await self._stored(name, cached=cached)).credential

    def provider(self, name: ConnectionName) -> CredentialProvider:
        async def provide() -> Credential | None:
            return await self.current(name)

        return provide

    def secret_provider(self, name: ConnectionName, *, cached: bool = True) -> SecretProvider:
        """The first part of the current value (the token of a one-part connection); read from
        the store every time unless `cached` (for a reader told that the value changed)."""

        async def provide() -> str | None:
            credential = await self.current(name, cached=cached)
            return None if credential is None else credential.secret

        return provide

    async def configured(self, name: ConnectionName, *, cached: bool = True) -> bool:
        return await self.current(name, cached=cached) is not None

    def is_configured(
        self, name: ConnectionName, *, cached: bool = True
    ) -> Callable[[], Awaitable[bool]]:
        """Whether the connection has a value now (read from the store every time unless
        `cached`)."""

        async def check() -> bool:
            return await self.configured(name, cached=cached)

        return check

    # --- the owner's actions ------------------------------------------------------------------

    async def views(self) -> list[ConnectionView]:
        rows = {row.name: row for row in await self._store.all()}
        return [self._view(name, rows.get(name.value)) for name in ConnectionName]

    async def view(self, name: ConnectionName) -> ConnectionView:
        return self._view(name, await self._store.get(name))

    async def set(
        self, name: ConnectionName, value: str, others: Mapping[str, str | None] | None = None
    ) -> ConnectionView:
        """Store a value typed on the panel (sealed): `value` is the first part, `others` the
        rest by key. InvalidInput names the field at fault."""
        credential = credential_from_input(name, value, others)
        self._remember(credential)
        await self._store.save_secret(
            name, self._cipher.seal(name.value, credential.encoded()), self._clock.now()
        )
        self._cache[name] = _Cached(credential, None, self._monotonic())
        log.info("the %s connection was set on the panel", name.value)
        return await self.view(name)

    async def remove(self, name: ConnectionName) -> ConnectionView:
        """Forget the panel's value (the environment's, if any, stays in use)."""
        await self._store.clear_secret(name)
        self._cache[name] = _Cached(None, None, self._monotonic())
        log.info("the %s connection set on the panel was removed", name.value)
        return await self.view(name)

    async def test(self, name: ConnectionName) -> tuple[CheckResult, ConnectionView]:
        """One cheap real call with the current value; Conflict when there is none."""
        credential = await self.current(name)
        if credential is None:
            stored = await self._stored(name)
            reason = stored.unreadable or "it is not set"
            raise Conflict(f"{SPECS[name].label} cannot be tested: {reason}")
        result = await self._checks.get(name, untestable)(credential)
        if result.outcome is not None:
            await self._record(credential, result.outcome, result.message)
        return result, await self.view(name)

    async def rekey(self, old: SecretCipher) -> list[ConnectionName]:
        """Seal every stored value again under this service's key, all at once; the names.

        Values the old key cannot open either stay as they are and are reported unreadable.
        """
        resealed: dict[ConnectionName, bytes] = {}
        for row in await self._store.all():
            if row.secret is None or row.name not in ConnectionName._value2member_map_:
                continue
            name = ConnectionName(row.name)
            try:
                plaintext = self._cipher.open(name.value, row.secret)
            except UnreadableSecret:
                try:
                    plaintext = old.open(name.value, row.secret)
                except UnreadableSecret as exc:
                    log.warning("the stored %s value cannot be opened: %s", name.value, exc)
                    continue
                resealed[name] = self._cipher.seal(name.value, plaintext)
        if resealed:
            await self._store.replace_secrets(resealed)
        self._cache.clear()
        return list(resealed)

    # --- how values fare in real use ----------------------------------------------------------

    async def note(self, name: ConnectionName, outcome: Outcome, message: str | None) -> None:
        """Record how the current value fared in real use (successes at most every 5 min)."""
        credential = await self.current(name)
        if credential is None:
            return
        fingerprint = self._fingerprint(credential)
        previous = self._noted.get(name)
        now = self._monotonic()
        if (
            previous is not None
            and previous[:2] == (fingerprint, outcome)
            and (outcome != Outcome.WORKING or now - previous[2] < SUCCESS_NOTE_SECONDS)
        ):
            return
        self._noted[name] = (fingerprint, outcome, now)
        await self._record(credential, outcome, message)

    async def _record(self, credential: Credential, outcome: Outcome, message: str | None) -> None:
        health = Health(
            fingerprint=self._fingerprint(credential),
            outcome=outcome,
            message=message,
            checked_at=self._clock.now(),
        )
        await self._store.record_health(credential.name, health)

    # --- reading and showing ----------------------------------------------------------------

    async def _stored(self, name: ConnectionName, *, cached: bool = True) -> _Cached:
        last = self._cache.get(name)
        if cached and last is not None and self._monotonic() - last.read_at < self._cache_seconds:
            return last
        try:
            row = await self._store.get(name)
        except StoreUnavailable:
            # The database is away: carry on with what was read last, if anything.
            if last is not None:
                return last
            raise
        fresh = self._opened(name, row)
        self._cache[name] = fresh
        return fresh

    def _opened(self, name: ConnectionName, row: StoredConnection | None) -> _Cached:
        now = self._monotonic()
        if row is None or row.secret is None:
            return _Cached(None, None, now)
        try:
            credential = credential_from_stored(name, self._cipher.open(name.value, row.secret))
        except (UnreadableSecret, ValueError) as exc:
            unreadable = (
                f"the value stored here cannot be read ({exc}): set it again, or run "
                "`mhc connections rekey` with the previous key"
            )
            return _Cached(None, unreadable, now)
        self._remember(credential)
        return _Cached(credential, None, now)

    def _view(self, name: ConnectionName, row: StoredConnection | None) -> ConnectionView:
        stored = self._opened(name, row)
        credential = self._environment.get(name) or stored.credential
        health = row.health if row is not None else None
        state = ConnectionState.NOT_SET
        if credential is not None:
            state = ConnectionState.SET
            if health is not None and health.fingerprint == self._fingerprint(credential):
                state = ConnectionState(health.outcome.value)
            else:
                health = None
        elif stored.unreadable is not None:
            state = ConnectionState.UNREADABLE
            health = None
        else:
            health = None
        return view_of(
            SPECS[name],
            credential=credential,
            state=state,
            health=health,
            stored=row is not None and row.secret is not None,
            stored_at=row.secret_set_at if row is not None else None,
            unreadable=stored.unreadable,
            environment_missing=self._incomplete.get(name, []),
        )

    def _fingerprint(self, credential: Credential) -> str:
        return self._cipher.fingerprint(credential.name.value, credential.encoded())

    def _remember(self, credential: Credential) -> None:
        if self._remember_secret is not None:
            for value in credential.parts.values():
                self._remember_secret(value)


class ConnectionAwareFailureLog:
    """The failure log the clients write to, which also marks a connection refused when a
    call in real use met a refusal (a renewed value is then needed, unlike a passing outage)."""

    def __init__(self, inner: FailureLog, connections: Callable[[], ConnectionService]) -> None:
        self._inner = inner
        self._connections = connections

    async def record(self, failure: NewApiFailure) -> None:
        await self._inner.record(failure)
        if failure.service in ConnectionName._value2member_map_ and is_refusal(
            failure.status, failure.message
        ):
            try:
                await self._connections().note(
                    ConnectionName(failure.service), Outcome.REFUSED, failure.message
                )
            except Exception as exc:
                log.debug("could not note the refusal of %s: %s", failure.service, exc)

    async def recent(self, *, limit: int = 100, offset: int = 0) -> list[ApiFailure]:
        return await self._inner.recent(limit=limit, offset=offset)
