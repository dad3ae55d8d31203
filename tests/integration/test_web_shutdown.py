"""`mhc web` as a real process told to stop while a browser holds the radar stream open."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.processes import clean_environment, free_port, mhc_command

PASSWORD = "lantern-harbour-19"
# Generous for a loaded 2-core machine; the old shutdown waited 5 s and then cancelled.
EXIT_WITHIN_SECONDS = 3.0


class WebProcess:
    """One `mhc web` process on loopback, its output in files."""

    def __init__(self, database_url: str, cwd: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = clean_environment(
            DATABASE_URL=database_url,
            MHC_ADMIN_PASSWORD=PASSWORD,
            HOST="127.0.0.1",
            PORT=str(self.port),
        )
        self.stdout_path = cwd / "web.out"
        self.stderr_path = cwd / "web.err"
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.proc = subprocess.Popen(
                mhc_command("web", "--no-migrate"),
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=err,
            )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.stderr()
            try:
                if httpx.get(f"{self.base_url}/api/health", timeout=1).status_code < 500:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        pytest.fail(f"mhc web did not start within 120 s:\n{self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


@pytest.fixture
def web(database_url: str, tmp_path: Path) -> Iterator[WebProcess]:
    process = WebProcess(database_url, tmp_path)
    try:
        process.wait_until_serving()
        yield process
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait(10)


def test_web_exits_cleanly_and_promptly_when_terminated_with_a_radar_stream_open(
    web: WebProcess,
) -> None:
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        login = browser.post("/api/auth/login", json={"password": PASSWORD})
        assert login.status_code == 200, login.text
        with browser.stream("GET", "/api/radar/stream") as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            # The retry field is the first thing sent: the stream is open and being served.
            lines = stream.iter_lines()
            assert next(lines).startswith("retry:")

            started = time.monotonic()
            web.proc.send_signal(signal.SIGTERM)
            # The response ends properly from the server's side (no cut connection, no hang).
            remaining = list(lines)
            code = web.proc.wait(EXIT_WITHIN_SECONDS)
            took = time.monotonic() - started

    assert code == 0, web.stderr()
    assert took < EXIT_WITHIN_SECONDS
    assert all(not line.startswith("data:") for line in remaining)
    assert "Traceback" not in web.stderr()
    assert "Cancel" not in web.stderr()
