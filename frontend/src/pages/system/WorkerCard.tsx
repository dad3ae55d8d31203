import { Badge } from "../../components/Badge";
import { Card, Stat } from "../../components/Card";
import { ErrorAlert, Loading } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { workerStatus, type WorkerState } from "../../components/WorkerIndicator";
import { useHealth } from "../../hooks/useHealth";
import { useNow } from "../../hooks/useNow";
import { formatLag } from "../../lib/format";

const TONES = {
  live: "emerald",
  stale: "amber",
  down: "rose",
  none: "slate",
  unknown: "slate",
} as const satisfies Record<WorkerState, string>;

/** The worker's heartbeat in full: when it last polled and saw an event, its lag and last error. */
export function WorkerCard() {
  const health = useHealth(10_000);
  const now = useNow(10_000);
  const status = workerStatus(health.data, health.error, now);
  const badge = (
    <Badge tone={TONES[status.state]} testId="worker-state">
      {status.text}
    </Badge>
  );

  if (health.isPending) {
    return (
      <Card title="Worker" testId="worker-card">
        <Loading label="Reading the heartbeat…" />
      </Card>
    );
  }
  if (!health.data) {
    return (
      <Card title="Worker" testId="worker-card" actions={badge}>
        {status.state === "down" ? (
          <p className="text-sm text-rose-200">The database does not answer, so neither the worker nor the panel can record anything.</p>
        ) : (
          <ErrorAlert error={health.error} onRetry={() => void health.refetch()} />
        )}
      </Card>
    );
  }
  // Sent only to the owner (anonymous callers get the status alone): absent reads as none.
  const worker = health.data.worker ?? null;
  return (
    <Card title="Worker" testId="worker-card" actions={badge}>
      {worker === null ? (
        <p className="text-sm text-slate-400">
          No worker has written a heartbeat to this database yet. Start one with <code className="text-slate-200">mhc worker</code> (or{" "}
          <code className="text-slate-200">mhc run</code>).
        </p>
      ) : (
        <div className="space-y-3">
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Stat label="Last poll" value={<TimeText iso={worker.lastPollAt} />} testId="worker-last-poll" />
            <Stat label="Last event" value={<TimeText iso={worker.lastEventAt} />} testId="worker-last-event" />
            <Stat label="Lag" value={formatLag(worker.lagSeconds)} testId="worker-lag" />
            <Stat
              label="Heartbeat"
              value={worker.stale ? <span className="text-amber-300">Stale</span> : <span className="text-emerald-300">Fresh</span>}
              testId="worker-stale"
            />
          </div>
          {worker.lastError ? (
            <p data-testid="worker-last-error" className="rounded-lg border border-rose-900/70 bg-rose-950/40 px-3 py-2 text-sm break-words text-rose-200">
              <span className="font-medium">Last error: </span>
              {worker.lastError}
            </p>
          ) : (
            <p className="text-xs text-slate-500">No error since the worker started.</p>
          )}
        </div>
      )}
      <p className="mt-3 text-xs text-slate-500">
        Database {health.data.database === "ok" ? "up" : "down"} · version {health.data.version}
      </p>
    </Card>
  );
}
