"""The Litestar application factory: every route, private by default, one error format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from litestar import Litestar, Response, Router
from litestar.datastructures import MutableScopeHeaders, ResponseHeader, State
from litestar.di import Provide
from litestar.enums import MediaType
from litestar.middleware import DefineMiddleware
from litestar.types import Message, Scope

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.authentication import (
    OWNER_AUTH_STATE,
    OwnerAuthenticationMiddleware,
    PrivateSchemaMiddleware,
)
from mhc.adapters.http.controllers.account import ApiKeysController, TotpController
from mhc.adapters.http.controllers.alerts import AlertsController
from mhc.adapters.http.controllers.analysis import (
    InteractionController,
    PersonAnalysisController,
    SessionAnalysisController,
    SnapshotController,
)
from mhc.adapters.http.controllers.auth import AuthController
from mhc.adapters.http.controllers.backfills import BackfillsController
from mhc.adapters.http.controllers.communications import CommunicationsController
from mhc.adapters.http.controllers.connections import ConnectionsController
from mhc.adapters.http.controllers.drift import DriftController
from mhc.adapters.http.controllers.erasure import PersonErasureController
from mhc.adapters.http.controllers.export import (
    ErasuresController,
    ExportController,
    PersonExportController,
)
from mhc.adapters.http.controllers.hudson import HudsonController
from mhc.adapters.http.controllers.lookup import LookupController
from mhc.adapters.http.controllers.operations import (
    FailuresController,
    HealthController,
    JobsController,
)
from mhc.adapters.http.controllers.params import check_query_times
from mhc.adapters.http.controllers.paste import PasteController
from mhc.adapters.http.controllers.people import NoteController, PeopleController, PersonController
from mhc.adapters.http.controllers.radar import PersonFlagsController, RadarController
from mhc.adapters.http.controllers.sessions import SessionController, SessionsController
from mhc.adapters.http.controllers.settings import SettingsController
from mhc.adapters.http.controllers.setup import SetupController
from mhc.adapters.http.controllers.statbate_profile import StatbateProfileController
from mhc.adapters.http.controllers.watchlists import WatchlistController, WatchlistsController
from mhc.adapters.http.dependencies import AppDependencies
from mhc.adapters.http.edge import EdgeMiddleware
from mhc.adapters.http.health import HealthCheck
from mhc.adapters.http.openapi import openapi_config
from mhc.adapters.http.problems import handle_exception, problem_response
from mhc.adapters.http.spa import spa_handlers

MAX_BODY_BYTES = 1_048_576
Lifespan = Callable[[Litestar], AbstractAsyncContextManager[None]]

_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)


class _RouterOfOneApp(Router):
    """A router built for the one app it is registered on. Litestar registers a deep copy of
    the router it is given (one router may be given to several apps); copying this one, with
    every handler under it, was about a fifth of building the app."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _RouterOfOneApp:
        return self


def create_app(deps: AppDependencies, *, lifespan: Sequence[Lifespan] = ()) -> Litestar:
    """The app over already-built services; no I/O happens here.

    `lifespan` context managers run around serving (the entrypoint opens the pool there).
    """
    api = _RouterOfOneApp(
        path="/api",
        route_handlers=[
            AuthController,
            ApiKeysController,
            TotpController,
            SetupController,
            LookupController,
            PeopleController,
            PersonController,
            NoteController,
            SessionController,
            SessionsController,
            HudsonController,
            WatchlistsController,
            WatchlistController,
            HealthController,
            FailuresController,
            DriftController,
            JobsController,
            PersonAnalysisController,
            SessionAnalysisController,
            InteractionController,
            SnapshotController,
            StatbateProfileController,
            RadarController,
            PersonFlagsController,
            AlertsController,
            BackfillsController,
            ExportController,
            PersonExportController,
            ErasuresController,
            ConnectionsController,
            PersonErasureController,
            PasteController,
            CommunicationsController,
            SettingsController,
        ],
        middleware=[DefineMiddleware(OwnerAuthenticationMiddleware)],
        # Answers carry private data: no cache may keep them.
        response_headers=[ResponseHeader(name="Cache-Control", value="no-store")],
        security=[{"session": [], "csrf": []}, {"apiKey": []}],
    )
    edge = DefineMiddleware(
        EdgeMiddleware, hops=deps.trusted_proxy_hops, allowed_hosts=deps.allowed_hosts
    )
    return Litestar(
        route_handlers=[api, *spa_handlers(deps.spa_dir)],
        middleware=[edge, *([PrivateSchemaMiddleware] if deps.private_schema else [])],
        lifespan=list(lifespan),
        dependencies=_providers(deps),
        state=State({OWNER_AUTH_STATE: deps.owner_auth}),
        exception_handlers={Exception: handle_exception},
        openapi_config=openapi_config(deps.version),
        request_max_body_size=MAX_BODY_BYTES,
        before_request=check_query_times,
        before_send=[_add_security_headers],
        after_request=_problem_for_html_404,
        logging_config=None,
        debug=False,
    )


def _providers(deps: AppDependencies) -> dict[str, Provide]:
    """Thin bridges: a handler parameter named like one of these receives that one object.

    Services and ports are asked of the composition root on every request that needs them
    (its providers hand back the same built object), so an override there takes effect at once.
    """
    services: dict[str, Callable[[], Any]] = {
        "lookup": deps.lookup,
        "people": deps.people,
        "notes": deps.notes,
        # Not "attributes": a dependency may not share its name with a body field (Litestar
        # would answer a bad `attributes` field with a 500 instead of a 400).
        "person_attributes": deps.attributes,
        "sessions": deps.sessions,
        "watchlists": deps.watchlists,
        "read_models": deps.read_models,
        "analysis": deps.analysis,
        "capture": deps.capture,
        "evidence": deps.evidence,
        "radar": deps.radar,
        "drift": deps.drift,
        "backfills": deps.backfills,
        "exports": deps.exports,
        "erasures": deps.erasures,
        "connections": deps.connections,
        "alerts": deps.alerts,
        "paste": deps.paste,
        "communications": deps.communications,
        "reports": deps.reports,
        "owner_clock": deps.owner_clock,
        "health": lambda: HealthCheck(
            deps.read_models(),
            deps.clock(),
            stale_after=deps.worker_stale_after,
            version=deps.version,
        ),
    }
    values: dict[str, Any] = {
        "broadcaster": deps.broadcaster,
        "shutting_down": deps.shutting_down,
        "radar_streams": deps.radar_streams,
    }
    providers = {name: _bridge(get) for name, get in services.items()}
    providers.update(
        {
            name: Provide(_constant(value), use_cache=True, sync_to_thread=False)
            for name, value in values.items()
        }
    )
    providers["owner_auth"] = Provide(_owner_auth, sync_to_thread=False)
    return providers


def _bridge(get: Callable[[], Any]) -> Provide:
    # A plain function for Litestar to inspect (a container's provider is not one); not cached,
    # so each request gets what the composition root provides now.
    def provide() -> Any:
        return get()

    return Provide(provide, sync_to_thread=False)


def _owner_auth(state: State) -> OwnerAuth:
    # Where the authentication middleware reads it too: the app's state holds it alone.
    owner_auth: OwnerAuth = state[OWNER_AUTH_STATE]
    return owner_auth


def _constant(value: Any) -> Callable[[], Any]:
    def provide() -> Any:
        return value

    return provide


async def _problem_for_html_404(response: Response[Any]) -> Response[Any]:
    """The OpenAPI router answers unknown /schema paths with an HTML page of its own; the API
    has one error format. (A coroutine: Litestar runs a plain function hook in a thread, a
    hop every response would pay for.)"""
    if response.status_code == 404 and response.media_type == MediaType.HTML:
        return problem_response(404, "no such schema document")
    return response


async def _add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        for name, value in _SECURITY_HEADERS:
            headers.setdefault(name, value)
