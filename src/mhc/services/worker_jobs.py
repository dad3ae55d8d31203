"""What the worker does besides ingesting: scheduled snapshots, and sessions set right.

- The owner's Chaturbate Stats numbers; their time online also reconciles the sessions whose
  broadcastStart or broadcastStop event never came.
- Statbate snapshots of every watchlist member: every list but the built-in Excluded one, and
  never an excluded person.
- The owner's own Statbate model numbers (rank, income, tags) for the Hudson page.
- One log line per session the ingestion ended.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import msgspec

from mhc.domain.events import SessionChange
from mhc.domain.models import Snapshot
from mhc.domain.normalizers import is_sentinel
from mhc.domain.usernames import normalize_username
from mhc.domain.watchlists import EXCLUDED
from mhc.ports.clock import Clock
from mhc.ports.ingestion import IngestionStore
from mhc.ports.read_models import ReadModels
from mhc.services.capture import CaptureOutcome, CaptureResult, CaptureService
from mhc.services.ingestion import Reconciliation, reconcile_with_stats

log = logging.getLogger("mhc.worker")

_MEMBERS_PAGE = 200


class BroadcastReport(msgspec.Struct, frozen=True, kw_only=True):
    """What the Stats API says about the room: minutes online, or None for not broadcasting."""

    online_minutes: int | None


def broadcast_report(snapshot: Snapshot) -> BroadcastReport | None:
    """The broadcast as a Stats API snapshot reports it; None when it reports nothing usable.

    The normaliser keeps `time_online_minutes` and leaves the Stats API's -1 ("not
    broadcasting") out, as it leaves out a value that is missing or not a number. Only a -1
    that came means offline: an answer without a usable time online changes no session.
    """
    minutes = snapshot.normalized_metrics.get("time_online_minutes")
    if minutes is None:
        if is_sentinel(snapshot.raw_payload.get("time_online")):
            return BroadcastReport(online_minutes=None)
        return None
    # The Stats API counts whole minutes: anything else is not acted on.
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        return None
    return BroadcastReport(online_minutes=minutes if minutes >= 0 else None)


class WorkerJobs:
    """The bodies of the worker's scheduled jobs, and its summaries of ended sessions."""

    def __init__(
        self,
        *,
        capture: CaptureService,
        read_models: ReadModels,
        store: IngestionStore,
        clock: Clock,
        broadcaster: str,
    ) -> None:
        self._capture = capture
        self._read_models = read_models
        self._store = store
        self._clock = clock
        self._broadcaster = normalize_username(broadcaster)

    async def snapshot_owner_stats(self) -> Reconciliation | None:
        """Snapshot the owner's Stats API numbers and set the sessions right by them."""
        result = await self._capture.capture_cb_stats()
        if result.snapshot is None:
            return None
        report = broadcast_report(result.snapshot)
        if report is None:
            return None
        change = await reconcile_with_stats(
            self._store,
            broadcaster=self._broadcaster,
            online_minutes=report.online_minutes,
            now=self._clock.now(),
        )
        if change is not None:
            stopped = change.change is SessionChange.STOP
            log.info(
                "the Stats API reports %s %s: session %d %s at %s (its %s event never came)",
                self._broadcaster,
                "offline" if stopped else "online",
                change.session_id,
                "ended" if stopped else "started",
                change.at.isoformat(timespec="seconds"),
                "broadcastStop" if stopped else "broadcastStart",
            )
        return change

    async def snapshot_watchlists(self) -> list[CaptureResult]:
        """Statbate snapshots of every member of the watchlists (see `watchlist_usernames`)."""
        names = await self.watchlist_usernames()
        if not names:
            return []
        results = await self._capture.capture_members_batch(names)
        captured = sum(r.outcome is CaptureOutcome.CAPTURED for r in results)
        log.info(
            "Statbate snapshots of watchlist members: %d captured of %d", captured, len(results)
        )
        return results

    async def snapshot_owner_model(self) -> None:
        """The owner's own Statbate model numbers."""
        await self._capture.capture_model(self._broadcaster)

    async def watchlist_usernames(self) -> list[str]:
        """Members of every list but the built-in Excluded one, never an excluded person, each
        once, in list order."""
        names: dict[str, None] = {}
        for overview in await self._read_models.watchlists():
            if overview.name == EXCLUDED:
                continue
            offset = 0
            while True:
                page = await self._read_models.watchlist_members(
                    overview.id, broadcaster=self._broadcaster, limit=_MEMBERS_PAGE, offset=offset
                )
                if page is None or not page.items:
                    break
                for member in page.items:
                    if not member.person.is_excluded:
                        names.setdefault(member.person.username, None)
                offset += len(page.items)
                if offset >= page.total:
                    break
        return list(names)

    async def summarise_ended_sessions(self, session_ids: Sequence[int]) -> None:
        """One log line per ended session, from the same read model the panel shows."""
        for session_id in session_ids:
            try:
                detail = await self._read_models.session_detail(
                    session_id, types=(), limit=1, offset=0
                )
            except Exception as exc:
                log.info("session %d ended (no summary: %s)", session_id, type(exc).__name__)
                continue
            if detail is None:
                continue
            s = detail.summary
            log.info(
                "session %d of %s ended after %d min: %d tokens in %d tips from %d tippers, %d "
                "new followers, %d unfollows, %d chat and %d private messages, %d visitors "
                "(coverage %s)",
                s.id,
                s.broadcaster,
                s.duration_seconds // 60,
                s.tokens,
                s.tip_count,
                s.tippers,
                s.new_followers,
                s.unfollows,
                s.chat_messages,
                s.private_messages,
                s.unique_visitors,
                s.coverage.state.value,
            )
