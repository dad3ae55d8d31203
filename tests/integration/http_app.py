"""The HTTP app on a test database, as the `mhc web` entrypoint builds it, for the route tests.

The only differences from production: the app runs in-process behind Litestar's test client,
the owner's password is hashed with cheap argon2 parameters (argon2 reads its cost from the
hash, so a login takes milliseconds instead of tens), and `open_api` lends one app to test after
test (`SharedApp`), each test with its own settings, container and owner auth.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import msgspec
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import AsyncTestClient

from mhc.adapters.http.app import create_app
from mhc.adapters.http.auth import CSRF_HEADER, OwnerAuth
from mhc.adapters.http.authentication import OWNER_AUTH_STATE
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


@dataclass(frozen=True)
class AppShape:
    """What an app's routes and middleware are built from; apps of one shape differ only in
    what they serve (their container and owner auth)."""

    spa_dir: Path | None = None
    trusted_proxy_hops: int = 0
    private_schema: bool = False
    allowed_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wiring:
    """What one app serves: the settings, the container built on them and the owner's auth."""

    settings: Settings
    container: Container
    owner_auth: OwnerAuth


def wire(
    database_url: str,
    *,
    simulator: Simulator | None = None,
    clock: Clock | None = None,
    throttle: ThrottlePolicy | None = None,
    tokens: bool = True,
    password: str = OWNER_PASSWORD,
    checks: PasswordChecks | None = None,
) -> Wiring:
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
    return Wiring(settings, container, owner_auth)


def dependencies(
    container: Any, owner_auth: OwnerAuth, shape: AppShape, radar_streams: StreamSlots
) -> AppDependencies:
    """The app's dependencies on `container`'s providers (or on anything that has them)."""
    return AppDependencies(
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
        spa_dir=shape.spa_dir,
        trusted_proxy_hops=shape.trusted_proxy_hops,
        private_schema=shape.private_schema,
        radar_streams=radar_streams,
        allowed_hosts=shape.allowed_hosts,
    )


@asynccontextmanager
async def serving(app: Litestar, wiring: Wiring) -> AsyncIterator[None]:
    """What the app's lifespan does, as the web process's: the container's pool opened and
    closed around serving, and the stored password brought in line with the configured one
    (`password=NO_PASSWORD`: none, the first run's setup chooses it)."""
    async with open_container(wiring.settings, container=wiring.container):
        app.state[SETUP_TOKEN_STATE] = await wiring.owner_auth.prepare()
        yield


def build_test_app(
    database_url: str,
    *,
    spa_dir: Path | None = None,
    trusted_proxy_hops: int = 0,
    private_schema: bool = False,
    allowed_hosts: tuple[str, ...] = (),
    radar_streams: StreamSlots | None = None,
    **wiring: Any,
) -> tuple[Litestar, Container, OwnerAuth]:
    """An app of its own over the test database (`wiring`: what `wire` takes)."""
    wired = wire(database_url, **wiring)
    shape = AppShape(spa_dir, trusted_proxy_hops, private_schema, allowed_hosts)
    deps = dependencies(wired.container, wired.owner_auth, shape, radar_streams or StreamSlots())

    def resources(app: Litestar) -> AbstractAsyncContextManager[None]:
        return serving(app, wired)

    return create_app(deps, lifespan=[resources]), wired.container, wired.owner_auth


class _ServedNow:
    """Stands for the container of the test a shared app serves now: each of its providers
    asks that container's."""

    def __init__(self) -> None:
        self.wiring: Wiring | None = None

    def __getattr__(self, name: str) -> Callable[[], Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def provide() -> Any:
            assert self.wiring is not None, "a shared app is serving nobody"
            return getattr(self.wiring.container, name)()

        return provide


class SharedApp:
    """An app that serves one test after another, each with its own container and owner auth.

    Building the app (Litestar registering every route) took about 180 ms, and some 240 route
    tests built one each: apps of one shape are kept and lent to one test at a time instead.
    An app that serves event streams is built for its test alone (`build_test_app`): a stream
    waits on the app's shutdown event, which belongs to the event loop it was first awaited on,
    and each test client serves on a loop of its own."""

    _idle: ClassVar[dict[AppShape, list[SharedApp]]] = {}

    def __init__(self, shape: AppShape, first: Wiring) -> None:
        self._now = _ServedNow()
        deps = dependencies(self._now, first.owner_auth, shape, StreamSlots())
        self.app = create_app(deps, lifespan=[self._resources])

    def _resources(self, app: Litestar) -> AbstractAsyncContextManager[None]:
        assert self._now.wiring is not None
        return serving(app, self._now.wiring)

    @classmethod
    @contextmanager
    def lent(cls, shape: AppShape, wiring: Wiring) -> Iterator[Litestar]:
        """An app of `shape` serving `wiring` for the block: an idle one, or a new one."""
        idle = cls._idle.setdefault(shape, [])
        shared = idle.pop() if idle else cls(shape, wiring)
        shared._now.wiring = wiring
        shared.app.state[OWNER_AUTH_STATE] = wiring.owner_auth
        try:
            yield shared.app
        finally:
            shared._now.wiring = None
            shared.app.state.pop(SETUP_TOKEN_STATE, None)
            idle.append(shared)


@asynccontextmanager
async def open_api(
    database_url: str,
    *,
    spa_dir: Path | None = None,
    trusted_proxy_hops: int = 0,
    private_schema: bool = False,
    allowed_hosts: tuple[str, ...] = (),
    **wiring: Any,
) -> AsyncIterator[Api]:
    """The app behind Litestar's test client, with an API key for the owner (`wiring`: what
    `wire` takes)."""
    wired = wire(database_url, **wiring)
    shape = AppShape(spa_dir, trusted_proxy_hops, private_schema, allowed_hosts)
    with SharedApp.lent(shape, wired) as app:
        async with AsyncTestClient(app=app) as client:
            api = Api(
                app=app,
                client=client,
                container=wired.container,
                owner_auth=wired.owner_auth,
                api_key="",
            )
            api.api_key = api.call(wired.owner_auth.create_api_key, "tests").secret
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
