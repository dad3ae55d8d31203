import { useQuery } from "@tanstack/react-query";

import { describeError, errorLine } from "../api/client";
import { getCurrentSession } from "../api/endpoints";
import { keys } from "../api/keys";
import { useEndSession, useStartSession } from "../api/mutations/sessions";
import { useNow } from "../hooks/useNow";
import { formatDateTime, formatElapsed } from "../lib/format";
import { Spinner } from "./Feedback";

/** LIVE/offline status of the owner's broadcast with Start and End buttons. */
export function SessionControls({ compact = false }: { compact?: boolean }) {
  const current = useQuery({
    queryKey: keys.currentSession,
    queryFn: getCurrentSession,
    refetchInterval: 30_000,
  });
  const session = current.data?.session ?? null;
  const live = session?.status === "LIVE";
  const now = useNow(1000, live);

  const start = useStartSession();
  const end = useEndSession();
  const busy = start.isPending || end.isPending;
  const failure = start.error ?? end.error ?? current.error;

  return (
    <div className={`flex items-center gap-2 ${compact ? "flex-wrap" : ""}`}>
      <span
        data-testid="session-status"
        data-live={live ? "true" : "false"}
        title={live && session ? `Started ${formatDateTime(session.startedAt, { zone: true })}` : "No live session"}
        className={`inline-flex items-center gap-2 rounded-full border px-2.5 py-1 text-xs font-semibold tabular-nums ${
          live
            ? "border-rose-500/50 bg-rose-500/15 text-rose-200"
            : "border-slate-700 bg-slate-800/60 text-slate-400"
        }`}
      >
        <span
          aria-hidden
          className={`h-2 w-2 rounded-full ${live ? "animate-pulse bg-rose-500" : "bg-slate-500"}`}
        />
        {current.isPending ? (
          "…"
        ) : live && session ? (
          <>
            LIVE <span data-testid="session-elapsed">{formatElapsed(session.startedAt, now)}</span>
          </>
        ) : (
          "Offline"
        )}
      </span>
      {live ? (
        <button
          type="button"
          data-testid="session-end"
          className="btn-danger btn-sm"
          disabled={busy}
          onClick={() => end.mutate(session?.id)}
        >
          {end.isPending ? <Spinner className="h-3 w-3" /> : null}
          End Session
        </button>
      ) : (
        <button
          type="button"
          data-testid="session-start"
          className="btn-primary btn-sm"
          disabled={busy || current.isPending}
          onClick={() => start.mutate()}
        >
          {start.isPending ? <Spinner className="h-3 w-3" /> : null}
          Start Session
        </button>
      )}
      {failure ? (
        <span
          role="alert"
          data-testid="session-error"
          className="max-w-64 truncate text-xs text-rose-300"
          title={describeError(failure).title}
        >
          {errorLine(failure)}
        </span>
      ) : null}
    </div>
  );
}
