"""The HTTP app on a test database, as the `mhc web` entrypoint builds it, for the route tests.

The only differences from production: the app runs in-process behind Litestar's test client,
and the owner's password is hashed with cheap argon2 parameters (argon2 reads its cost from the
hash, so a login takes milliseconds instead of tens).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import AsyncTestClient

from mhc.adapters.http.app import create_app
from mhc.adapters.http.auth import CSRF_HEADER, OwnerAuth
from mhc.adapters.http.dependencies import AppDependencies
from mhc.adapters.http.passwords import PasswordChecks
from mhc.adapters.http.streams import StreamSlots
from mhc.domain.models import InteractionSource, InteractionType, Role, SnapshotSource
from mhc.entrypoints.container import Container
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings
from mhc.ports.auth import ThrottlePolicy
from mhc.ports.clock import Clock
from mhc.simulator import Simulator

T = TypeVar("T")

OWNER_PASSWORD = "velvet-curtain-42"
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
BROADCASTER = "hudson_cage"
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
# Where the app state keeps the first run's setup token (None once a password exists).
SETUP_TOKEN_STATE = "setup_token"
# Marks "no MHC_ADMIN_PASSWORD": the first run's setup chooses the password.
NO_PASSWORD = ""


@dataclass
class Api:
    """A running app: `client` sends the owner's API key on every request unless told not to."""

    app: Litestar
    client: AsyncTestClient[Litestar]
    container: Container
    owner_auth: OwnerAuth
    api_key: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    async def get(self, path: str, **kwargs: Any) -> Any:
        return await self.client.get(path, headers=self.bearer, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return await self.client.post(path, json=json, headers=self.bearer, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return await self.client.put(path, json=json, headers=self.bearer, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return await self.client.patch(path, json=json, headers=self.bearer, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Any:
        return await self.client.delete(path, headers=self.bearer, **kwargs)

    def call(self, function: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run a coroutine function on the app's event loop.

        The test client serves the app on an event loop of its own (in a thread), where the
        lifespan opened the pool; the pool's connections must stay on that loop.
        """
        return self.client.blocking_portal.call(partial(function, *args, **kwargs))

    async def login(self, password: str = OWNER_PASSWORD, **extra: Any) -> dict[str, str]:
        """Log the client's cookie jar in; returns the headers a cookie write needs."""
        answer = await self.client.post("/api/auth/login", json={"password": password, **extra})
        assert answer.status_code == 200, answer.text
        return {CSRF_HEADER: answer.json()["csrfToken"]}


def settings_for(
    database_url: str,
    simulator: Simulator | None = None,
    *,
    tokens: bool = True,
    password: str = OWNER_PASSWORD,
) -> Settings:
    """The app's settings; with a simulator, every client points at it, and with `tokens` the
    environment also sets its Stats and Statbate tokens (otherwise the panel sets them)."""
    settings = Settings(
        database_url=database_url,
        broadcaster=BROADCASTER,
        admin_password=password or None,
        secret_key=SECRET_KEY,
    )
    if simulator is not None:
        settings = msgspec.structs.replace(
            settings,
            statbate_api_base_url=simulator.statbate_api_base_url,
            cb_stats_base_url=simulator.base_url,
            cb_events_base_url=simulator.base_url,
            statbate_plus_base_url=simulator.base_url,
            pushover_base_url=simulator.base_url,
        )
    if simulator is not None and tokens:
        settings = msgspec.structs.replace(
            settings,
            statbate_api_token=simulator.config.statbate_token,
            cb_stats_token=simulator.config.stats_token,
            pushover_token=simulator.config.pushover_token,
            pushover_user=simulator.config.pushover_user,
        )
    return settings


def build_test_app(
    database_url: str,
    *,
    simulator: Simulator | None = None,
    clock: Clock | None = None,
    spa_dir: Path | None = None,
    throttle: ThrottlePolicy | None = None,
    tokens: bool = True,
    password: str = OWNER_PASSWORD,
    trusted_proxy_hops: int = 0,
    private_schema: bool = False,
    checks: PasswordChecks | None = None,
    radar_streams: StreamSlots | None = None,
    allowed_hosts: tuple[str, ...] = (),
) -> tuple[Litestar, Container, OwnerAuth]:
    """The app over the test database; its lifespan opens and closes the container's pool
    and, like the web process, brings the stored password in line with the configured one
    (`password=NO_PASSWORD`: none, the first run's setup chooses it)."""
    settings = settings_for(database_url, simulator, tokens=tokens, password=password)
    container = Container(settings=settings)
    if clock is not None:
        container.clock.override(clock)
    owner_auth = OwnerAuth(
        store=container.auth_store(),
        clock=container.clock(),
        secret_key=SECRET_KEY,
        environment_password=settings.admin_password,
        throttle=throttle,
        checks=checks or PasswordChecks(CHEAP_HASHER),
    )
    deps = AppDependencies(
        lookup=container.lookup,
        people=container.people,
        notes=container.notes,
        attributes=container.attributes,
        sessions=container.sessions,
        watchlists=container.watchlists,
        read_models=container.read_models,
        analysis=container.analysis,
        capture=container.capture,
        evidence=container.evidence,
        radar=container.radar,
        drift=container.drift_log,
        backfills=container.backfills,
        exports=container.exports,
        erasures=container.erasures,
        connections=container.connections,
        alerts=container.alerts,
        paste=container.paste,
        communications=container.communications,
        reports=container.reports,
        owner_clock=container.owner_clock,
        owner_auth=owner_auth,
        clock=container.clock,
        broadcaster=BROADCASTER,
        version="test",
        spa_dir=spa_dir,
        trusted_proxy_hops=trusted_proxy_hops,
        private_schema=private_schema,
        radar_streams=radar_streams or StreamSlots(),
        allowed_hosts=allowed_hosts,
    )

    @asynccontextmanager
    async def resources(app: Litestar) -> AsyncIterator[None]:
        async with open_container(settings, container=container):
            app.state[SETUP_TOKEN_STATE] = await owner_auth.prepare()
            yield

    return create_app(deps, lifespan=[resources]), container, owner_auth


@asynccontextmanager
async def open_api(
    database_url: str,
    *,
    simulator: Simulator | None = None,
    clock: Clock | None = None,
    spa_dir: Path | None = None,
    throttle: ThrottlePolicy | None = None,
    **options: Any,
) -> AsyncIterator[Api]:
    """The app behind Litestar's test client, with an API key for the owner."""
    app, container, owner_auth = build_test_app(
        database_url,
        simulator=simulator,
        clock=clock,
        spa_dir=spa_dir,
        throttle=throttle,
        **options,
    )
    async with AsyncTestClient(app=app) as client:
        api = Api(app=app, client=client, container=container, owner_auth=owner_auth, api_key="")
        api.api_key = api.call(owner_auth.create_api_key, "tests").secret
        yield api


# ---- Seeding through the use cases -------------------------------------------------------


def add_person(api: Api, username: str, role: Role = Role.UNKNOWN) -> int:
    return api.call(api.container.people().find_or_create, username, role=role).id


def add_interaction(
    api: Api,
    person_id: int,
    kind: InteractionType,
    at: datetime,
    *,
    tokens: int | None = None,
    content: str | None = None,
    session_id: int | None = None,
    source: InteractionSource = InteractionSource.CB_EVENTS,
) -> None:
    metadata: dict[str, Any] = {} if tokens is None else {"tokens": tokens, "isAnon": False}
    api.call(
        api.container.interactions().create,
        person_id,
        kind,
        content,
        at,
        source,
        metadata=metadata,
        session_id=session_id,
        source_event_id=f"test-{person_id}-{kind}-{at.isoformat()}",
    )


def add_snapshot(
    api: Api, person_id: int, source: SnapshotSource, at: datetime, metrics: dict[str, Any]
) -> None:
    api.call(
        api.container.snapshots().create,
        person_id,
        source,
        {"captured": "in a test"},
        metrics,
        captured_at=at,
    )
