"""The HTTP app on a test database, as the `mhc web` entrypoint builds it, for the route tests.

The only difference from production is a cheap argon2 hash of the owner's password (argon2
reads its cost from the hash, so logins in tests take milliseconds instead of a fifth of a
second each).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import AsyncTestClient

from mhc.adapters.http.app import create_app
from mhc.adapters.http.auth import CSRF_HEADER, OwnerAuth
from mhc.adapters.http.dependencies import AppDependencies
from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.ports.auth import ThrottlePolicy
from mhc.ports.clock import Clock
from mhc.simulator import Simulator

OWNER_PASSWORD = "velvet-curtain-42"
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
BROADCASTER = "hudson_cage"
CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(OWNER_PASSWORD)


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

    async def login(self, password: str = OWNER_PASSWORD, **extra: Any) -> dict[str, str]:
        """Log the client's cookie jar in; returns the headers a cookie write needs."""
        answer = await self.client.post("/api/auth/login", json={"password": password, **extra})
        assert answer.status_code == 200, answer.text
        return {CSRF_HEADER: answer.json()["csrfToken"]}


def settings_for(database_url: str, simulator: Simulator | None = None) -> Settings:
    settings = Settings(
        database_url=database_url,
        broadcaster=BROADCASTER,
        admin_password=OWNER_PASSWORD,
        secret_key=SECRET_KEY,
    )
    if simulator is not None:
        settings = msgspec.structs.replace(
            settings,
            statbate_api_token=simulator.config.statbate_token,
            statbate_api_base_url=simulator.statbate_api_base_url,
            cb_stats_token=simulator.config.stats_token,
            cb_stats_base_url=simulator.base_url,
        )
    return settings


@asynccontextmanager
async def open_api(
    database_url: str,
    *,
    simulator: Simulator | None = None,
    clock: Clock | None = None,
    spa_dir: Path | None = None,
    throttle: ThrottlePolicy | None = None,
) -> AsyncIterator[Api]:
    """The app served in-process over the test database, with an API key for the owner."""
    settings = settings_for(database_url, simulator)
    container = Container(settings=settings)
    if clock is not None:
        container.clock.override(clock)
    owner_auth = OwnerAuth(
        store=container.auth_store(),
        clock=container.clock(),
        password_hash=CHEAP_HASH,
        secret_key=SECRET_KEY,
        throttle=throttle,
    )
    deps = AppDependencies(
        lookup=container.lookup(),
        people=container.people(),
        notes=container.notes(),
        attributes=container.attributes(),
        sessions=container.sessions(),
        watchlists=container.watchlists(),
        read_models=container.read_models(),
        owner_auth=owner_auth,
        clock=container.clock(),
        broadcaster=BROADCASTER,
        version="test",
        spa_dir=spa_dir,
    )
    # Opened here rather than in the app's lifespan: the test client runs the lifespan on an
    # event loop of its own, and an async pool belongs to the loop that opened it.
    await container.init_resources()  # type: ignore[misc]
    try:
        app = create_app(deps)
        async with AsyncTestClient(app=app) as client:
            created = await owner_auth.create_api_key("tests")
            yield Api(
                app=app,
                client=client,
                container=container,
                owner_auth=owner_auth,
                api_key=created.secret,
            )
    finally:
        await container.shutdown_resources()  # type: ignore[misc]
