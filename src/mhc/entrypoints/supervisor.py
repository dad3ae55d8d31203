"""The worker and the web process as children of one command (`mhc run`, `mhc demo`).

The children get a process group of their own, so Ctrl-C at a terminal reaches only the
supervisor, which then stops each child once with SIGTERM. (Reaching the children straight
from the terminal as well, a child would see two signals and cut its shutdown short.) A child
also stops on its own, the same way, once its supervisor is gone however it ended (SIGKILL, the
out-of-memory killer): out of the supervisor's group, it would otherwise keep running and
holding its port and its database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType, TracebackType
from typing import Any

# Longer than any child needs: the worker exits within 10 s of SIGTERM, the web within 5.
SHUTDOWN_GRACE_SECONDS = 12.0
_POLL_SECONDS = 0.1
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Names the supervisor in its children's environment (read, and removed, by `stop_with_supervisor`).
_SUPERVISOR_PID_VARIABLE = "MHC_SUPERVISOR_PID"
_ORPHAN_CHECK_SECONDS = 1.0


class Supervisor:
    """`with Supervisor(env) as children:` runs `mhc worker` and `mhc web` until the block ends.

    A signal to this process (SIGINT, SIGTERM, SIGHUP) only sets `stop_requested`; the block
    ends the children on the way out. A worker that exits on its own (say, with no Events API
    token) leaves the web process running.
    """

    def __init__(self, environment: Mapping[str, str], *, web_args: Sequence[str] = ()) -> None:
        self._environment = dict(environment)
        self._web_args = tuple(web_args)
        self._children: list[subprocess.Popen[bytes]] = []
        self._previous_handlers: dict[int, Any] = {}
        self.stop_requested = False

    def __enter__(self) -> Supervisor:
        self._previous_handlers = {
            sig: signal.signal(sig, self._on_signal) for sig in _STOP_SIGNALS
        }
        try:
            for argv in (["worker"], ["web", *self._web_args]):
                self._children.append(self._start(*argv))
        except BaseException:
            self._leave()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._leave()

    @property
    def web_running(self) -> bool:
        return len(self._children) == 2 and self._children[1].poll() is None

    def wait_for(self, condition: Callable[[], bool], *, timeout: float) -> bool:
        """Poll `condition` until it holds (True), or a stop, the web's end or `timeout` (False)."""
        deadline = time.monotonic() + timeout
        while not self.stop_requested and self.web_running:
            if condition():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)
        return False

    def wait(self) -> None:
        """Block until a stop signal comes or the web process ends."""
        while not self.stop_requested and self.web_running:
            time.sleep(_POLL_SECONDS)

    def exit_code(self) -> int:
        """0 after a requested stop; otherwise the worst exit code of the children."""
        if self.stop_requested:
            return 0
        return max((child.returncode or 0 for child in self._children), default=0)

    def _start(self, *argv: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "mhc.entrypoints.cli", *argv],
            env={**self._environment, _SUPERVISOR_PID_VARIABLE: str(os.getpid())},
            process_group=0,
        )

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop_requested = True

    def _leave(self) -> None:
        try:
            _terminate(self._children)
        finally:
            for sig, handler in self._previous_handlers.items():
                signal.signal(sig, handler)
            self._previous_handlers = {}


def _terminate(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + SHUTDOWN_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def stop_with_supervisor() -> None:
    """In a child of a `Supervisor`: send this process the SIGTERM its supervisor would, once
    the supervisor is no longer its parent. In any other process, nothing. The variable that
    names the supervisor is removed, so that this process's own children do not inherit it."""
    supervisor = os.environ.pop(_SUPERVISOR_PID_VARIABLE, None)
    if supervisor is None:
        return
    supervisor_pid = int(supervisor)

    def watch() -> None:
        while os.getppid() == supervisor_pid:
            time.sleep(_ORPHAN_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()
