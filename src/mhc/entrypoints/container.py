"""The composition root: the one place that knows every concrete class.

Processes open it with `lifecycle.open_container(settings)`, which resolves the database,
migrates when asked, and starts and stops the resources below around the block.

Async resources: the services need a plain callable for their units of work, and a
`providers.Resource` whose initialiser is async hands every dependent a Future instead of
an object. So a resource that needs the event loop is split in two: a Singleton that
builds it without I/O (`db_pool`), and a Resource that opens and closes it
(`db_pool_lifespan`). An httpx.AsyncClient fits the same pattern.

Sections are kept apart by a banner comment; add new providers in a section of their own.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.chaturbate.stats import ChaturbateStatsClient
from mhc.adapters.crypto import SecretBox
from mhc.adapters.postgres.alerts import PostgresAlertStore
from mhc.adapters.postgres.analysis import PostgresAnalysisSource
from mhc.adapters.postgres.announcements import PostgresAnnouncements
from mhc.adapters.postgres.auth_store import PostgresAuthStore
from mhc.adapters.postgres.backfills import PostgresBackfillStore, PostgresRoomHistory
from mhc.adapters.postgres.budget import PostgresCallBudget
from mhc.adapters.postgres.chatlog import PostgresChatRecords
from mhc.adapters.postgres.connections import PostgresConnectionStore
from mhc.adapters.postgres.drift import PostgresDriftLog
from mhc.adapters.postgres.erasure import PostgresErasures
from mhc.adapters.postgres.evidence import PostgresEvidence
from mhc.adapters.postgres.export import PostgresExporter
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.listening import PostgresListeningLog
from mhc.adapters.postgres.lookups import PostgresFollowerPositions, PostgresLookupQueue
from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.adapters.postgres.owner_clock import PostgresOwnerClockStore
from mhc.adapters.postgres.pool import OPEN_WAIT_SECONDS, build_pool, pool_lifespan
from mhc.adapters.postgres.radar import PostgresLiveFeed
from mhc.adapters.postgres.read_models import PostgresReadModels
from mhc.adapters.postgres.reports import PostgresReportSource
from mhc.adapters.postgres.uow import unit_of_work_factory
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresJobRuns, PostgresLeases
from mhc.adapters.pushover import PushoverClient
from mhc.adapters.resilience import (
    BudgetLane,
    SharedCallBudget,
    build_http_client,
    http_client_lifespan,
)
from mhc.adapters.statbate.plus import StatbatePlusSession
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.budget import Lane
from mhc.domain.connections import ConnectionName
from mhc.domain.exclusion import ExclusionPolicy
from mhc.entrypoints.connection_wiring import (
    build_connection_checks,
    connection_environment,
    part_provider,
    plus_session_provider,
)
from mhc.entrypoints.database import resolve_database_url
from mhc.entrypoints.logs import mask_in_logs
from mhc.entrypoints.secret_key import resolve_secret_key
from mhc.entrypoints.settings import Settings
from mhc.ports.clock import SystemClock
from mhc.services.alert_delivery import AlertSender
from mhc.services.alerts import AlertService
from mhc.services.analysis import AnalysisService
from mhc.services.attributes import AttributeService
from mhc.services.backfills import BackfillService
from mhc.services.capture import CaptureService
from mhc.services.communications import CommunicationsService
from mhc.services.connections import ConnectionAwareFailureLog, ConnectionService
from mhc.services.drift import ContractDriftReporter
from mhc.services.erasure import ErasureService
from mhc.services.exports import ExportService
from mhc.services.interactions import InteractionService
from mhc.services.lookup import LookupService
from mhc.services.notes import NoteService
from mhc.services.owner_clock import OwnerClockService
from mhc.services.paste import PasteService
from mhc.services.people import PeopleService
from mhc.services.radar import RadarService
from mhc.services.reports import ReportService
from mhc.services.sessions import SessionService
from mhc.services.snapshots import SnapshotService
from mhc.services.watchlists import WatchlistService

# Per process: the web and worker processes each hold one pool, and a small one whose
# connections plan each prepared statement once (the radar's and the look-up's reads); the
# embedded server's default limit of 100 connections leaves plenty of room.
DB_POOL_MIN_SIZE = 1
DB_POOL_MAX_SIZE = 10
# Connected on first use: a process that never reads the radar or looks anyone up (a command
# of the CLI, most of the tests' apps) holds none.
GENERIC_PLANS_POOL_MIN_SIZE = 0
GENERIC_PLANS_POOL_MAX_SIZE = 4


class Container(containers.DeclarativeContainer):
    # ---- Configuration -----------------------------------------------------------------------
    settings = providers.Dependency(instance_of=Settings)

    # ---- PostgreSQL --------------------------------------------------------------------------
    # Resolving the URL starts the embedded server when no DATABASE_URL is set (blocking).
    database_url = providers.Singleton(resolve_database_url, settings)
    migrations = providers.Factory(MigrationRunner, database_url)
    db_pool = providers.Singleton(
        build_pool, database_url, min_size=DB_POOL_MIN_SIZE, max_size=DB_POOL_MAX_SIZE
    )
    # Seconds the pool's opening waits for the first connections; 0 for the worker, which
    # starts with the database down and waits for it like for an outage (open_container sets it).
    db_wait_seconds = providers.Dependency(instance_of=float, default=OPEN_WAIT_SECONDS)
    db_pool_lifespan = providers.Resource(pool_lifespan, db_pool, wait_seconds=db_wait_seconds)
    generic_plans_pool = providers.Singleton(
        build_pool,
        database_url,
        min_size=GENERIC_PLANS_POOL_MIN_SIZE,
        max_size=GENERIC_PLANS_POOL_MAX_SIZE,
        generic_plans=True,
    )
    generic_plans_pool_lifespan = providers.Resource(
        pool_lifespan, generic_plans_pool, wait_seconds=db_wait_seconds
    )
    uow_factory = providers.Singleton(unit_of_work_factory, db_pool)
    failure_log = providers.Singleton(PostgresFailureLog, pool=db_pool)
    # What the external services sent that their contracts did not say (clients, worker, API).
    drift_log = providers.Singleton(PostgresDriftLog, pool=db_pool)
    # One reporter for the clients, the events feed and the worker: counts each answer's or
    # batch's findings, logs each new difference once per process, records them in the log.
    drift_reporter = providers.Singleton(
        ContractDriftReporter, drift_log, secrets=settings.provided.secrets
    )

    # ---- Owner account: the secret key every process signs and checks with -------------------
    # MHC_SECRET_KEY, or in development one kept in MHC_DATA_DIR (see secret_key.py).
    secret_key = providers.Singleton(resolve_secret_key, settings)

    # ---- Domain rules and use cases ----------------------------------------------------------
    clock = providers.Singleton(SystemClock)
    exclusion_policy = providers.Singleton(ExclusionPolicy, settings.provided.excluded_usernames)
    people = providers.Singleton(
        PeopleService, uow_factory=uow_factory, exclusion=exclusion_policy, clock=clock
    )
    snapshots = providers.Singleton(SnapshotService, uow_factory=uow_factory, clock=clock)
    interactions = providers.Singleton(InteractionService, uow_factory=uow_factory)
    sessions = providers.Singleton(
        SessionService,
        uow_factory=uow_factory,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
    )
    watchlists = providers.Singleton(WatchlistService, uow_factory=uow_factory)
    notes = providers.Singleton(NoteService, uow_factory=uow_factory)
    attributes = providers.Singleton(AttributeService, uow_factory=uow_factory)

    # ---- Connections: the services' credentials, from the environment or set on the panel ----
    # Values set on the panel are sealed under a key derived from MHC_SECRET_KEY; consumers ask
    # for the current value before each use, so a change reaches them without a restart.
    # The key is resolved on first use: a command that never opens a value never needs it.
    secret_cipher = providers.Singleton(SecretBox, secret_key.provider)
    connection_store = providers.Singleton(PostgresConnectionStore, pool=db_pool)
    connections = providers.Singleton(
        ConnectionService,
        connection_store,
        secret_cipher,
        clock,
        environment=providers.Callable(connection_environment, settings),
        remember_secret=providers.Object(mask_in_logs),
    )
    # The clients' failure log: a refusal met in real use also marks the connection refused.
    client_failure_log = providers.Singleton(
        ConnectionAwareFailureLog, failure_log, connections.provider
    )
    # Which paid services have credentials now: use cases refuse work that needs a missing one.
    statbate_configured = providers.Callable(
        lambda connections: connections.is_configured(ConnectionName.STATBATE), connections
    )
    chat_history_configured = providers.Callable(
        lambda connections: connections.is_configured(ConnectionName.STATBATE_PLUS), connections
    )

    # ---- Statbate's call budget: one per account, shared through the database ---------------
    # Every Statbate client draws from it through a lane: the room's look-ups first, then the
    # watchlist jobs (and the panel's own requests), then backfills. Without a database (a
    # command run with database=False) it counts in the process alone.
    call_budget_store = providers.Singleton(PostgresCallBudget, pool=db_pool)
    statbate_budget = providers.Singleton(SharedCallBudget, call_budget_store, account="statbate")
    statbate_room_lane = providers.Singleton(BudgetLane, statbate_budget, Lane.ROOM)
    statbate_watchlist_lane = providers.Singleton(BudgetLane, statbate_budget, Lane.WATCHLIST)
    statbate_backfill_lane = providers.Singleton(BudgetLane, statbate_budget, Lane.BACKFILL)

    # ---- External APIs (Statbate Premium, Chaturbate Stats, Statbate Plus) -------------------
    # One client for the three; it keeps no cookies, so none leak from one service to another.
    http_client = providers.Singleton(build_http_client)
    http_client_lifespan = providers.Resource(http_client_lifespan, http_client)
    # Asked for before each request by every Statbate client below: set on the panel or not.
    statbate_token = connections.provided.secret_provider.call(ConnectionName.STATBATE)
    statbate = providers.Singleton(
        StatbateClient,
        http_client,
        token=statbate_token,
        base_url=settings.provided.statbate_api_base_url,
        failure_log=client_failure_log,
        drift=drift_reporter,
        budget=statbate_watchlist_lane,
    )
    cb_stats = providers.Singleton(
        ChaturbateStatsClient,
        http_client,
        token=connections.provided.secret_provider.call(ConnectionName.CB_STATS),
        base_url=settings.provided.cb_stats_base_url,
        failure_log=client_failure_log,
        drift=drift_reporter,
    )
    statbate_plus = providers.Singleton(
        StatbatePlusSession,
        http_client,
        credentials=providers.Callable(plus_session_provider, connections),
        base_url=settings.provided.statbate_plus_base_url,
        site=settings.provided.statbate_site,
        failure_log=client_failure_log,
        drift=drift_reporter,
    )
    capture = providers.Singleton(
        CaptureService,
        uow_factory=uow_factory,
        exclusion=exclusion_policy,
        clock=clock,
        statbate=statbate,
        cb_stats=cb_stats,
        chat_history=statbate_plus,
        broadcaster=settings.provided.broadcaster,
        site=settings.provided.statbate_site,
    )
    # The same, drawing from the room's lane (look-ups of arrivals, the owner's own lookups)
    # and from the backfills' lane.
    statbate_room = providers.Singleton(
        StatbateClient,
        http_client,
        token=statbate_token,
        base_url=settings.provided.statbate_api_base_url,
        failure_log=client_failure_log,
        drift=drift_reporter,
        budget=statbate_room_lane,
    )
    room_capture = providers.Singleton(
        CaptureService,
        uow_factory=uow_factory,
        exclusion=exclusion_policy,
        clock=clock,
        statbate=statbate_room,
        cb_stats=cb_stats,
        chat_history=statbate_plus,
        broadcaster=settings.provided.broadcaster,
        site=settings.provided.statbate_site,
    )
    statbate_backfill = providers.Singleton(
        StatbateClient,
        http_client,
        token=statbate_token,
        base_url=settings.provided.statbate_api_base_url,
        failure_log=client_failure_log,
        drift=drift_reporter,
        budget=statbate_backfill_lane,
    )
    backfill_capture = providers.Singleton(
        CaptureService,
        uow_factory=uow_factory,
        exclusion=exclusion_policy,
        clock=clock,
        statbate=statbate_backfill,
        cb_stats=cb_stats,
        chat_history=statbate_plus,
        broadcaster=settings.provided.broadcaster,
        site=settings.provided.statbate_site,
    )

    # ---- Events API ingestion and the worker's shared state ----------------------------------
    # The feed is built per token (a revoked token is replaced at runtime) and broadcaster.
    events_feed = providers.Factory(
        ChaturbateEventsFeed,
        http_client,
        base_url=settings.provided.cb_events_base_url,
        drift=drift_reporter,
    )
    ingestion_store = providers.Singleton(PostgresIngestionStore, pool=db_pool)
    worker_heartbeats = providers.Singleton(PostgresHeartbeats, pool=db_pool)
    worker_leases = providers.Singleton(PostgresLeases, pool=db_pool)
    worker_job_runs = providers.Factory(PostgresJobRuns, pool=db_pool)

    # ---- Read models (the API's pages, the worker's session summaries), owner auth, lookup ---
    read_models = providers.Singleton(
        PostgresReadModels, pool=db_pool, generic_plans_pool=generic_plans_pool
    )
    auth_store = providers.Singleton(PostgresAuthStore, pool=db_pool)
    lookup = providers.Singleton(
        LookupService,
        uow_factory=uow_factory,
        read_models=read_models,
        exclusion=exclusion_policy,
        clock=clock,
        failure_log=failure_log,
        capture=room_capture,
        statbate_configured=statbate_configured,
        statbate_freshness=settings.provided.statbate_freshness,
        broadcaster=settings.provided.broadcaster,
    )

    # ---- Stream report, listening coverage and the owner's clock -----------------------------
    owner_clock_store = providers.Singleton(PostgresOwnerClockStore, pool=db_pool)
    # The time zone and 12/24-hour clock the owner chose; MHC_TIMEZONE until then.
    owner_clock = providers.Singleton(
        OwnerClockService, store=owner_clock_store, default_timezone=settings.provided.timezone
    )
    # Where the worker records when it was listening to the Events API.
    listening_log = providers.Singleton(PostgresListeningLog, pool=db_pool)
    report_source = providers.Singleton(PostgresReportSource, pool=db_pool)
    reports = providers.Singleton(
        ReportService,
        source=report_source,
        owner_clock=owner_clock,
        exclusion=exclusion_policy,
        broadcaster=settings.provided.broadcaster,
    )

    # ---- Analysis: person and session intelligence, in the owner's time zone -----------------
    analysis_source = providers.Singleton(PostgresAnalysisSource, pool=db_pool)
    analysis = providers.Singleton(
        AnalysisService,
        source=analysis_source,
        uow_factory=uow_factory,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
        timezone=settings.provided.timezone,
        owner_clock=owner_clock,
    )
    evidence = providers.Singleton(PostgresEvidence, pool=db_pool)

    # ---- Live room radar: room events read on the pool, announced by LISTEN/NOTIFY -----------
    live_feed = providers.Singleton(
        PostgresLiveFeed,
        pool=db_pool,
        database_url=database_url,
        generic_plans_pool=generic_plans_pool,
    )
    announcements = providers.Singleton(PostgresAnnouncements, database_url=database_url)
    radar = providers.Singleton(
        RadarService,
        feed=live_feed,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
    )

    # ---- Export and erasure: the owner's data out, and one person forgotten (audited) --------
    exporter = providers.Singleton(PostgresExporter, pool=db_pool)
    exports = providers.Singleton(
        ExportService, exporter=exporter, clock=clock, broadcaster=settings.provided.broadcaster
    )
    erasure_store = providers.Singleton(PostgresErasures, pool=db_pool)
    erasures = providers.Singleton(
        ErasureService,
        uow_factory=uow_factory,
        store=erasure_store,
        exclusion=exclusion_policy,
        broadcaster=settings.provided.broadcaster,
        secret_key=secret_key,
    )

    # ---- Backfills: long imports that report progress (run by the CLI or the worker) ---------
    backfill_store = providers.Singleton(PostgresBackfillStore, pool=db_pool)
    room_history = providers.Singleton(PostgresRoomHistory, pool=db_pool)
    backfills = providers.Singleton(
        BackfillService,
        uow_factory=uow_factory,
        store=backfill_store,
        room_history=room_history,
        capture=backfill_capture,
        statbate=statbate_backfill,
        exclusion=exclusion_policy,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
        statbate_configured=statbate_configured,
        chat_history_configured=chat_history_configured,
        site=settings.provided.statbate_site,
        erased_among=erasures.provided.erased_among,
    )

    # ---- Automatic look-ups and alerts (the worker watches the room; the panel manages) ------
    # The Pushover keys are read from the connections before each request.
    pushover = providers.Singleton(
        PushoverClient,
        http_client,
        token=providers.Callable(part_provider, connections, ConnectionName.PUSHOVER, "token"),
        user=providers.Callable(part_provider, connections, ConnectionName.PUSHOVER, "userKey"),
        base_url=settings.provided.pushover_base_url,
        failure_log=client_failure_log,
    )
    lookup_queue = providers.Singleton(PostgresLookupQueue, pool=db_pool)
    follower_positions = providers.Singleton(PostgresFollowerPositions, pool=db_pool)
    alert_store = providers.Singleton(PostgresAlertStore, pool=db_pool, database_url=database_url)
    alert_sender = providers.Singleton(
        AlertSender,
        alert_store,
        pushover,
        failure_log,
        public_url=settings.provided.public_url,
    )
    alerts = providers.Singleton(
        AlertService, alert_store, alert_sender, clock, public_url=settings.provided.public_url
    )

    # ---- Connection tests: one cheap call each, on the clients above -------------------------
    connection_checks = providers.Singleton(
        build_connection_checks, settings, http_client, client_failure_log, drift_reporter
    )
    # ---- Pasted chat, PMs and DMs: preview and save a paste, a person's threads --------------
    chat_records = providers.Singleton(PostgresChatRecords, pool=db_pool)
    paste = providers.Singleton(
        PasteService,
        uow_factory=uow_factory,
        read_models=read_models,
        records=chat_records,
        exclusion=exclusion_policy,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
        timezone=settings.provided.timezone,
    )
    communications = providers.Singleton(
        CommunicationsService,
        uow_factory=uow_factory,
        records=chat_records,
        clock=clock,
        broadcaster=settings.provided.broadcaster,
    )


# The service is needed before the clients (their credentials), its tests after them.
Container.connections.add_kwargs(checks=Container.connection_checks)
