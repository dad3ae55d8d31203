"""Running the simulator on loopback in a background thread, and controlling it from tests."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import anyio

from mhc.simulator.app import QueuedFault, RecordedRequest, SimulatorApp
from mhc.simulator.cast import Event
from mhc.simulator.config import Faults, PlusExpiredAnswer, SimulatorConfig
from mhc.simulator.drift import AnswerDrift
from mhc.simulator.http11 import serve_connection
from mhc.simulator.pushover import PushoverMessage
from mhc.simulator.world import World

_GENERATOR_TICK = 0.05
_MAX_EVENTS_PER_TICK = 10_000


class Simulator:
    """A running simulator: base URLs, the log of emitted events, and control methods.

    Control methods are thread-safe and may be called from tests while clients talk to it.
    """

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.world = World(
            seed=self.config.seed,
            broadcaster=self.config.broadcaster,
            viewer_count=self.config.viewers,
            start=self.config.start_time,
            broadcast_length=self.config.broadcast_length,
            include_excluded_regular=self.config.include_excluded_regular,
        )
        self.app = SimulatorApp(self.config, self.world)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._port = 0

    # --- addresses ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.config.host}:{self._port}"

    @property
    def statbate_api_base_url(self) -> str:
        return f"{self.base_url}/api"

    def environment(self) -> dict[str, str]:
        """The panel's environment variables that point every client at this simulator."""
        config = self.config
        return {
            "MHC_BROADCASTER": config.broadcaster,
            "CB_EVENTS_BASE_URL": self.base_url,
            "CB_EVENTS_TOKEN": config.events_token,
            "CB_STATS_BASE_URL": self.base_url,
            "CB_STATS_TOKEN": config.stats_token,
            "STATBATE_API_BASE_URL": self.statbate_api_base_url,
            "STATBATE_API_TOKEN": config.statbate_token,
            "STATBATE_PLUS_BASE_URL": self.base_url,
            "STATBATE_PLUS_SESSION_COOKIE": config.plus_session_cookie,
            "STATBATE_PLUS_XSRF_TOKEN": config.plus_xsrf_token,
            "MHC_PUSHOVER_BASE_URL": self.base_url,
            "MHC_PUSHOVER_TOKEN": config.pushover_token,
            "MHC_PUSHOVER_USER": config.pushover_user,
        }

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        sock = socket.create_server((self.config.host, self.config.port))
        self._port = sock.getsockname()[1]
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name="mhc-simulator", daemon=True
        )
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError("the simulator failed to start") from self._error

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def _run(self, sock: socket.socket) -> None:
        try:
            asyncio.run(self._serve(sock))
        except BaseException as exc:  # reported to start() and re-raised there
            self._error = exc
            self._ready.set()

    async def _serve(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._stop = asyncio.Event()
        connections: set[asyncio.Task[None]] = set()

        async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            connections.add(task)
            try:
                await serve_connection(reader, writer, self.app.handle)
            except asyncio.CancelledError:
                # Shutdown cancels open connections; ending quietly keeps asyncio's stream
                # callback (which asks a finished task for its exception) from logging noise.
                pass
            finally:
                connections.discard(task)

        server = await asyncio.start_server(on_connection, sock=sock)
        self.app.bind(loop, self.base_url)
        generator = asyncio.create_task(self._generate())
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            generator.cancel()
            server.close()
            for task in list(connections):
                task.cancel()
            await asyncio.gather(generator, *connections, return_exceptions=True)
            await server.wait_closed()

    async def _generate(self) -> None:
        """Emit events at the configured rate (changeable at runtime) while the rate is > 0."""
        loop = asyncio.get_running_loop()
        started, emitted, rate_seen = loop.time(), 0, 0.0
        while True:
            # The rate is read and its events emitted under one lock: once `set_rate(0)` returns,
            # no event of the old rate comes.
            with self.app.lock:
                rate = self.app.events_per_second
                if rate != rate_seen:
                    started, emitted, rate_seen = loop.time(), 0, rate
                due = min(_MAX_EVENTS_PER_TICK, int((loop.time() - started) * rate) - emitted)
                if rate > 0 and due > 0:
                    self.emit(due)
                    emitted += due
            await asyncio.sleep(_GENERATOR_TICK if rate <= 0 else min(_GENERATOR_TICK, 1 / rate))

    # --- the room -------------------------------------------------------------------------

    @property
    def events(self) -> list[Event]:
        """Every event emitted so far, in order (copies of what clients receive)."""
        with self.app.lock:
            return list(self.world.events)

    def emit(self, count: int = 1) -> list[Event]:
        """Let the room produce `count` events now (broadcasts start and stop on their own)."""
        with self.app.lock:
            events = [self.world.step() for _ in range(count)]
        self.app.notify()
        return events

    def burst(self, count: int) -> list[Event]:
        """`count` events at once, sharing one millisecond on a virtual clock."""
        with self.app.lock:
            events = [self.world.step(advance_time=index == 0) for index in range(count)]
        self.app.notify()
        return events

    def open_show(self, crowd: int = 12) -> list[Event]:
        """Start a broadcast with a busy opening (see `World.opening_show`)."""
        with self.app.lock:
            events = self.world.opening_show(crowd)
        self.app.notify()
        return events

    def start_broadcast(self) -> Event:
        return self._one(self.world.start_broadcast)

    def stop_broadcast(self) -> Event:
        return self._one(self.world.stop_broadcast)

    def tip(self, username: str, tokens: int, message: str = "", anonymous: bool = False) -> Event:
        return self._one(lambda: self.world.tip(username, tokens, message, anonymous))

    def chat(self, username: str, text: str) -> Event:
        return self._one(lambda: self.world.chat(username, text))

    def enter(self, username: str) -> Event:
        return self._one(lambda: self.world.enter(username))

    def enter_all(self, usernames: list[str]) -> list[Event]:
        """Everyone in `usernames` walks in at once (a raid): one enter each, one wake-up."""
        with self.app.lock:
            events = [self.world.enter(name) for name in usernames]
        self.app.notify()
        return events

    def inject(self, method: str, obj: dict[str, Any]) -> Event:
        """Emit an arbitrary event (unknown methods too) with a fresh id."""
        return self._one(lambda: self.world.inject(method, obj))

    def now(self) -> datetime:
        """The room's time: the virtual clock when a start time was given, else the wall's."""
        with self.app.lock:
            return self.world.now()

    def pass_time(self, seconds: float) -> None:
        """Move a virtual clock on by `seconds` with nothing happening in the room."""
        with self.app.lock:
            self.world.pass_time(seconds)

    def set_rate(self, events_per_second: float) -> None:
        with self.app.lock:
            self.app.events_per_second = max(0.0, events_per_second)

    def _one(self, action: Any) -> Event:
        with self.app.lock:
            event: Event = action()
        self.app.notify()
        return event

    # --- faults and what clients did ----------------------------------------------------------

    @property
    def faults(self) -> Faults:
        with self.app.lock:
            return self.app.faults

    def set_faults(self, **changes: Any) -> Faults:
        """Change fault settings for the rest of the run (see `Faults`)."""
        return self.app.set_faults(**changes)

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 503,
        route: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next `count` requests (of `route`, or any) with `status`."""
        self._queue(QueuedFault("status", count, route, status=status, retry_after=retry_after))

    def drop_next(self, count: int = 1, *, route: str | None = None) -> None:
        """Cut the next `count` responses in the middle of their body."""
        self._queue(QueuedFault("drop", count, route))

    def delay_next(self, count: int, seconds: float, *, route: str | None = None) -> None:
        """Hold the next `count` answers back for `seconds` (to provoke client timeouts)."""
        self._queue(QueuedFault("delay", count, route, seconds=seconds))

    def drift_answers(
        self,
        route: str,
        *,
        add: dict[str, Any] | None = None,
        remove: tuple[str, ...] = (),
        replace: dict[str, Any] | None = None,
    ) -> None:
        """Change every successful JSON answer of `route` from now on, the way a real service
        drifts from its contract (see `AnswerDrift`); with no changes, answers are true again."""
        drift = AnswerDrift(add=add or {}, remove=remove, replace=replace or {})
        with self.app.lock:
            if drift == AnswerDrift():
                self.app.drifts.pop(route, None)
            else:
                self.app.drifts[route] = drift

    def revoke_tokens(self, revoked: bool = True) -> None:
        self.set_faults(revoked_tokens=revoked)

    def expire_plus_session(
        self, expired: bool = True, answer: PlusExpiredAnswer = "redirect"
    ) -> None:
        self.set_faults(plus_session_expired=expired, plus_expired_answer=answer)

    @property
    def pushover_messages(self) -> list[PushoverMessage]:
        """Every message Pushover accepted, in order."""
        with self.app.lock:
            return list(self.app.pushover.messages)

    def requests(self, route: str | None = None) -> list[RecordedRequest]:
        with self.app.lock:
            return [r for r in self.app.requests if route is None or r.route == route]

    def _queue(self, fault: QueuedFault) -> None:
        with self.app.lock:
            self.app.queued.append(fault)


@contextlib.contextmanager
def run_simulator(config: SimulatorConfig | None = None) -> Iterator[Simulator]:
    """`with run_simulator(SimulatorConfig(seed=1)) as sim:` serves on loopback until the end."""
    simulator = Simulator(config)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


@contextlib.asynccontextmanager
async def run_simulator_async(config: SimulatorConfig | None = None) -> AsyncIterator[Simulator]:
    """The same for async code: starting and stopping never block the caller's event loop."""
    simulator = Simulator(config)
    await anyio.to_thread.run_sync(simulator.start)
    try:
        yield simulator
    finally:
        await anyio.to_thread.run_sync(simulator.stop)
