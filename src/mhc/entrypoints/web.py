"""The web process: the container, the owner's authentication, the Litestar app, uvicorn."""

from __future__ import annotations

import asyncio
import logging
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
from mhc.adapters.http.auth import SETUP_LINK_LIFETIME, OwnerAuth
from mhc.adapters.http.dependencies import AppDependencies
from mhc.adapters.http.edge import LOOPBACK_HOSTS, loopback_bound
from mhc.adapters.http.streams import StreamSlots
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.container import Container
from mhc.entrypoints.garbage import settle_garbage_collector
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import DEFAULT_SPA_DIR, Settings

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 5
# An idle kept-alive connection stays open longer than the usual idle limits of clients and
# proxies in front (httpx: 5 s, common proxies: 60 s): when the server closed it first, a request
# sent on it at that moment failed (uvicorn's own default is 5 s).
KEEP_ALIVE_SECONDS = 75


def allowed_hosts(settings: Settings, bind_host: str) -> tuple[str, ...]:
    """MHC_ALLOWED_HOSTS; else, on a loopback address, the loopback names (a page on another
    site that rebinds its name to 127.0.0.1 is refused); else any name."""
    if settings.allowed_hosts:
        return settings.allowed_hosts
    return LOOPBACK_HOSTS if loopback_bound(bind_host) else ()


def panel_address(settings: Settings, host: str, port: int) -> str:
    """Where the owner opens the panel: MHC_PUBLIC_URL, else http://HOST:PORT."""
    if settings.public_url:
        return settings.public_url
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"


def setup_banner(address: str, token: str) -> str:
    minutes = int(SETUP_LINK_LIFETIME.total_seconds() // 60)
    return "\n".join(
        [
            "",
            "MHC Control Panel: no owner password yet. Open this link to choose one",
            f"  {address}/setup?token={token}",
            f"(it works once, for {minutes} minutes; restart the panel for a new one)",
            "",
        ]
    )


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
    host: str | None = None,
    port: int | None = None,
) -> Litestar:
    """The app on `container`; serving it opens (and closes) the container's resources.

    Setting `shutting_down` ends the app's open streams (`WebServer` sets it on a stop). When
    no owner password exists yet, starting prints the one-time setup link.
    """
    bind_host = host or settings.host
    owner_auth = OwnerAuth(
        store=container.auth_store(),
        clock=container.clock(),
        secret_key=container.secret_key(),
        environment_password=settings.admin_password,
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
        broadcaster=normalize_username(settings.broadcaster),
        version=app_version(),
        spa_dir=spa_dir,
        shutting_down=shutting_down or asyncio.Event(),
        trusted_proxy_hops=settings.trusted_proxy_hops,
        allowed_hosts=allowed_hosts(settings, bind_host),
        private_schema=settings.is_production,
        radar_streams=StreamSlots(settings.max_open_streams),
    )

    @asynccontextmanager
    async def resources(_: Litestar) -> AsyncIterator[None]:
        async with open_container(settings, container=container, migrate=migrate):
            token = await owner_auth.prepare()
            if token is not None:
                # Printed, not logged: log lines mask anything shaped like a token.
                address = panel_address(settings, bind_host, port or settings.port)
                print(setup_banner(address, token), flush=True)
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
        settings,
        container,
        spa_dir=spa_dir,
        migrate=migrate,
        shutting_down=shutting_down,
        host=host,
        port=port,
    )
    settle_garbage_collector()
    WebServer(server_config(app, settings, host=host, port=port), shutting_down).run()


def server_config(
    app: Litestar, settings: Settings, *, host: str | None = None, port: int | None = None
) -> uvicorn.Config:
    """How uvicorn serves the app."""
    return uvicorn.Config(
        app,
        host=host or settings.host,
        port=port or settings.port,
        # The logging set up by the CLI (secret masking included) stays in charge.
        log_config=None,
        # The client address and https come from the app's edge middleware, which trusts
        # exactly MHC_TRUSTED_PROXY_HOPS proxies; uvicorn's own reading of X-Forwarded-For
        # would take the leftmost entry, which the caller writes.
        proxy_headers=False,
        server_header=False,
        # Open streams end when the shutdown starts (see WebServer); the limit is for a
        # response stuck on something else.
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
