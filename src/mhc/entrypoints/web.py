"""The web process: the container, the owner's credentials, the Litestar app, uvicorn."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata
from pathlib import Path
from types import FrameType

import uvicorn
from litestar import Litestar

from mhc.adapters.http.app import create_app
from mhc.adapters.http.auth import OwnerAuth, hash_password
from mhc.adapters.http.dependencies import AppDependencies
from mhc.domain.errors import ConfigurationError
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.container import Container
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_SPA_DIR = Path("frontend/dist")
SHUTDOWN_GRACE_SECONDS = 5


class OwnerCredentials:
    """The argon2 hash of the owner's password and the secret key, as the app needs them.

    In development either may be missing: the password is then generated and logged once at
    WARNING (the one secret ever logged, for local use), and the secret key is random, so
    browser sessions end when the process does. Production refuses to start without both
    (the settings check it).
    """

    def __init__(self, settings: Settings) -> None:
        password = settings.admin_password
        if not password:
            if settings.is_production:
                raise ConfigurationError(["MHC_ADMIN_PASSWORD is required in production"])
            password = secrets.token_urlsafe(12)
            log.warning(
                "MHC_ADMIN_PASSWORD is not set: log in with the generated password %s "
                "(valid until this process stops; set MHC_ADMIN_PASSWORD to choose one)",
                password,
            )
        self.password_hash = hash_password(password)
        self.secret_key = settings.secret_key or secrets.token_urlsafe(32)


def app_version() -> str:
    try:
        return metadata.version("mhc")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def build_app(
    settings: Settings,
    container: Container,
    *,
    spa_dir: Path | None = DEFAULT_SPA_DIR,
    migrate: bool = True,
    shutting_down: asyncio.Event | None = None,
) -> Litestar:
    """The app on `container`; serving it opens (and closes) the container's resources.

    Setting `shutting_down` ends the app's open streams (`WebServer` sets it on a stop).
    """
    credentials = OwnerCredentials(settings)
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
        reports=container.reports,
        owner_clock=container.owner_clock,
        owner_auth=OwnerAuth(
            store=container.auth_store(),
            clock=container.clock(),
            password_hash=credentials.password_hash,
            secret_key=credentials.secret_key,
        ),
        clock=container.clock,
        broadcaster=normalize_username(settings.broadcaster),
        version=app_version(),
        spa_dir=spa_dir,
        shutting_down=shutting_down or asyncio.Event(),
    )

    @asynccontextmanager
    async def resources(_: Litestar) -> AsyncIterator[None]:
        async with open_container(settings, container=container, migrate=migrate):
            yield

    return create_app(deps, lifespan=[resources])


class WebServer(uvicorn.Server):
    """uvicorn, ending the app's open streams as soon as it starts shutting down.

    uvicorn waits for every open response before it stops, and radar streams never finish on
    their own: setting `shutting_down` ends them, so the wait is short and nothing is cancelled.
    """

    def __init__(self, config: uvicorn.Config, shutting_down: asyncio.Event) -> None:
        super().__init__(config)
        self.shutting_down = shutting_down

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # uvicorn would raise the signal again once stopped, ending the process by that signal
        # (or a KeyboardInterrupt); a requested stop is a normal exit here.
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        self.should_exit = True

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Set here, in the event loop, rather than in the signal handler.
        self.shutting_down.set()
        await super().shutdown(sockets)


def serve(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    spa_dir: Path | None = DEFAULT_SPA_DIR,
    migrate: bool = True,
) -> None:
    """Run the web process until interrupted (HOST:PORT from the settings by default)."""
    container = Container(settings=settings)
    shutting_down = asyncio.Event()
    app = build_app(
        settings, container, spa_dir=spa_dir, migrate=migrate, shutting_down=shutting_down
    )
    config = uvicorn.Config(
        app,
        host=host or settings.host,
        port=port or settings.port,
        # The logging set up by the CLI (secret masking included) stays in charge.
        log_config=None,
        # Behind a proxy (Render) the client address and https come from X-Forwarded-*,
        # trusted from the addresses in FORWARDED_ALLOW_IPS (uvicorn's default: 127.0.0.1).
        proxy_headers=True,
        server_header=False,
        # Open streams end when the shutdown starts (see WebServer); the limit is for a
        # response stuck on something else.
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )
    WebServer(config, shutting_down).run()
