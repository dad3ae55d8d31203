"""`mhc demo` as the owner runs it: one command, a filled panel within seconds, Ctrl-C, and the
same data on the next run. Checked through the HTTP API with the printed login."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from tests.processes import clean_environment, free_port, mhc_command

T = TypeVar("T")

# Generous for a loaded 2-core machine; the demo usually stops in about two seconds.
STOPS_WITHIN_SECONDS = 10.0
SNAPSHOT_JOBS = (
    "cb_stats_snapshot",
    "statbate_owner_model_snapshot",
    "statbate_watchlist_snapshots",
)


class Demo:
    """One `mhc demo` run in its own process group, as a terminal starts it."""

    def __init__(self, workdir: Path, data_dir: Path, run: int) -> None:
        self.port = free_port()
        self.stdout_path = workdir / f"demo-{run}.out"
        self.stderr_path = workdir / f"demo-{run}.err"
        env = clean_environment()
        command = mhc_command(
            "demo",
            "--port",
            str(self.port),
            "--data-dir",
            str(data_dir),
            "--events-per-second",
            "5",
        )
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.proc = subprocess.Popen(
                command, env=env, cwd=workdir, stdout=out, stderr=err, start_new_session=True
            )

    def banner(self) -> dict[str, str]:
        """The printed block, as {"panel": url, "password": ..., ...}, once it is printed."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.stderr()
            lines = self.stdout_path.read_text().splitlines()
            if "Ctrl-C stops it." in lines:
                fields = (line.split(None, 1) for line in lines if line.startswith("  "))
                return dict(fields)
            time.sleep(0.1)
        raise AssertionError(f"no banner within 60 s:\n{self.stderr()}")

    def interrupt(self) -> tuple[int, float]:
        """Ctrl-C as a terminal sends it (to the whole foreground group); exit code and time."""
        started = time.monotonic()
        os.killpg(self.proc.pid, signal.SIGINT)
        code = self.proc.wait(timeout=30)
        return code, time.monotonic() - started

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "demo-data"
    yield folder
    # A failed run may leave the demo's server behind: stop it (fast shutdown).
    pid_file = folder / "pg" / "postmaster.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)


@pytest.fixture
def demos(tmp_path: Path, data_dir: Path) -> Iterator[Callable[[], Demo]]:
    started: list[Demo] = []

    def start() -> Demo:
        started.append(Demo(tmp_path, data_dir, len(started) + 1))
        return started[-1]

    yield start
    for demo in started:
        demo.kill()


@contextmanager
def login(url: str, password: str) -> Iterator[httpx.Client]:
    """A client holding the session cookie, as the browser would after logging in."""
    with httpx.Client(base_url=url, timeout=5.0) as client:
        answer = client.post("/api/auth/login", json={"password": password})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrfToken"]
        yield client


def eventually(demo: Demo, read: Callable[[], T | None], *, within: float = 30.0) -> T:
    """Poll `read` until it returns something other than None."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = read()
        if value is not None:
            return value
        time.sleep(0.2)
    raise AssertionError(f"still missing after {within}s; the demo said:\n{demo.stderr()[-4000:]}")


def get(client: httpx.Client, path: str, **params: Any) -> Any:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def filled_panel(client: httpx.Client) -> dict[str, Any] | None:
    """What the demo should have produced; None until all of it is there."""
    people = get(client, "/api/people", limit=200)
    tippers = [p for p in people["items"] if p["tipsTotal"] > 0]
    sessions = get(client, "/api/sessions")
    hudson = get(client, "/api/hudson")
    watched = next(w for w in get(client, "/api/watchlists") if w["name"] == "Ones to Watch")
    members = get(client, f"/api/watchlist/{watched['id']}/members")["items"]
    if not (tippers and sessions["total"] and hudson["cbStats"] and hudson["statbateModel"]):
        return None
    if not members:
        return None
    member_snapshots = get(
        client, f"/api/person/{members[0]['person']['id']}/snapshots", source="statbate_member"
    )
    tipper_interactions = get(client, f"/api/person/{tippers[0]['id']}/interactions")
    if not member_snapshots["total"] or not tipper_interactions["total"]:
        return None
    return {
        "people": people["total"],
        "sessions": sessions["items"],
        "tipper_interactions": tipper_interactions["items"],
        "members": len(members),
    }


def watched_alert(client: httpx.Client) -> dict[str, Any] | None:
    """The first alert about someone on a watchlist walking in, once it has gone out."""
    alerts = get(client, "/api/alerts", limit=100)["items"]
    sent = (a for a in alerts if all(d["status"] != "pending" for d in a["deliveries"]))
    return next((a for a in sent if a["ruleKind"] == "watchlist_enters"), None)


def looked_up_arrivals(client: httpx.Client) -> list[dict[str, Any]] | None:
    """The people in the room whose automatic Statbate look-up has an answer, once some do."""
    present = get(client, "/api/radar/room")["present"]
    answered = [p for p in present if (p["lookup"] or {}).get("state") in ("found", "not_found")]
    return answered or None


def snapshot_jobs_done(client: httpx.Client) -> list[dict[str, Any]] | None:
    """The worker's jobs once each snapshot job has finished a run."""
    jobs: list[dict[str, Any]] = get(client, "/api/jobs")
    finished = {job["name"] for job in jobs if job["lastStatus"] is not None}
    return jobs if finished >= set(SNAPSHOT_JOBS) else None


def test_demo_fills_the_panel_stops_on_ctrl_c_and_reuses_its_data_when_run_again(
    demos: Callable[[], Demo], data_dir: Path
) -> None:
    first = demos()
    banner = first.banner()
    assert banner["panel"] == f"http://127.0.0.1:{first.port}"
    assert banner["password"] == "demo"
    assert banner["data"].startswith(str(data_dir))

    with login(banner["panel"], banner["password"]) as client:
        started = time.monotonic()
        looked_up = eventually(first, lambda: looked_up_arrivals(client))
        looked_up_after = time.monotonic() - started
        alert = eventually(first, lambda: watched_alert(client), within=60)
        alerted_after = time.monotonic() - started
        panel = eventually(first, lambda: filled_panel(client), within=60)
        jobs = eventually(first, lambda: snapshot_jobs_done(client))
        members = {
            m["person"]["username"]
            for w in get(client, "/api/watchlists")
            if w["name"] == "Ones to Watch"
            for m in get(client, f"/api/watchlist/{w['id']}/members")["items"]
        }

    # Arrivals are looked up within seconds, and a watched person's alert comes in the first
    # minute of the show (generous bounds: the machine may be busy).
    assert looked_up_after < 20
    assert all(p["statbateCapturedAt"] or p["lookup"]["state"] == "not_found" for p in looked_up)
    assert alerted_after < 60
    assert alert["username"] in members
    assert {d["channel"]: d["status"] for d in alert["deliveries"]} == {
        "panel": "sent",
        "pushover": "sent",
    }

    assert panel["people"] >= 10
    assert panel["sessions"][0]["status"] == "LIVE"
    assert {i["type"] for i in panel["tipper_interactions"]} >= {"USER_ENTER", "TIP"}
    assert panel["members"] == 5
    outcomes = {job["name"]: job["lastStatus"] for job in jobs if job["name"] in SNAPSHOT_JOBS}
    errors = {job["name"]: job["lastError"] for job in jobs if job["lastError"]}
    assert outcomes == dict.fromkeys(SNAPSHOT_JOBS, "ok"), (errors, first.stderr()[-4000:])

    code, took = first.interrupt()
    assert code == 0, first.stderr()
    assert took < STOPS_WITHIN_SECONDS
    assert "Traceback" not in first.stderr()
    assert "did not store the end of the broadcast" not in first.stdout_path.read_text()
    assert not (data_dir / "pg" / "postmaster.pid").exists(), "the demo's database still runs"

    second = demos()
    banner = second.banner()
    with login(banner["panel"], banner["password"]) as client:
        again = eventually(second, lambda: filled_panel(client))
        sessions = eventually(
            second,
            lambda: items if len(items := get(client, "/api/sessions")["items"]) >= 2 else None,
        )

    assert again["people"] >= panel["people"]
    assert again["members"] == 5
    assert [s["status"] for s in sessions[:2]] == ["LIVE", "ENDED"]
    assert sessions[1]["id"] == panel["sessions"][0]["id"]
    code, _ = second.interrupt()
    assert code == 0, second.stderr()
