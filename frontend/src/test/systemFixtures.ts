import type { Backfill, Drift, Erasure, Failure, Health, Job } from "../api/types";

/** Readable answers of the System page's routes, for the page's and its parts' tests. */

export function liveHealth(): Health {
  return {
    status: "ok",
    database: "ok",
    worker: {
      lastPollAt: new Date(Date.now() - 3_000).toISOString(),
      lastEventAt: new Date(Date.now() - 5_000).toISOString(),
      lagSeconds: 2,
      lastError: "Events API answered 502 once",
      stale: false,
    },
    version: "0.1.0",
  };
}

export const jobs: Job[] = [
  {
    name: "cb_stats",
    nextRunAt: "2026-03-06T21:15:00Z",
    lastStartedAt: "2026-03-06T21:00:00Z",
    lastFinishedAt: "2026-03-06T21:00:02Z",
    lastStatus: "ok",
    lastError: null,
    lastWorker: "worker-1",
  },
  {
    name: "watchlist_snapshots",
    nextRunAt: "2026-03-06T22:00:00Z",
    lastStartedAt: "2026-03-06T21:00:00Z",
    lastFinishedAt: "2026-03-06T21:00:09Z",
    lastStatus: "failed",
    lastError: "Statbate answered 503 (gave up after 4 attempts)",
    lastWorker: "worker-1",
  },
];

export const drift: Drift = {
  id: 4,
  service: "chaturbate",
  endpoint: "events",
  kind: "unknown_field",
  subject: "$.events[].object.user.badge",
  detail: "a field the contract does not name",
  count: 37,
  firstSeenAt: "2026-03-01T20:00:00Z",
  lastSeenAt: "2026-03-06T20:58:00Z",
  example: { method: "tip", object: { user: { username: "big_tipper_77", badge: "gold" } } },
};

export function backfill(id: number, change: Partial<Backfill> = {}): Backfill {
  return {
    id,
    kind: "statbate_snapshots",
    label: "Statbate snapshots of Friends",
    status: "running",
    origin: "ui",
    unit: "names",
    total: 40,
    done: 18,
    failed: 2,
    summary: { captured: 18, not_found: 2 },
    lastError: null,
    createdAt: "2026-03-06T20:59:00Z",
    startedAt: "2026-03-06T20:59:02Z",
    finishedAt: null,
    updatedAt: "2026-03-06T20:59:30Z",
    cancelRequestedAt: null,
    ...change,
  };
}

export const erasure: Erasure = {
  id: 1,
  erasedAt: "2026-03-02T10:00:00Z",
  personId: 31,
  actor: "owner",
  reason: "asked to be forgotten",
  usernameSha256: null,
  usernameHmac: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
  counts: { persons: 1, interactions: 120, snapshots: 4, notes: 0 },
};

export function failure(id: number): Failure {
  return {
    id,
    service: "statbate",
    endpoint: `GET /members/chaturbate/viewer_${id}/info`,
    status: 503,
    message: `HTTP 503 (gave up after 4 attempts) #${id}`,
    occurredAt: "2026-03-06T20:50:00Z",
  };
}
