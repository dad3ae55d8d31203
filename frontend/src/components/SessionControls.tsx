import { useEffect, useRef, useState } from "react";

import { describeError, errorLine } from "../api/client";
import { useEndSession, useStartSession } from "../api/mutations/sessions";
import { formatDateTime } from "../lib/format";
import { Spinner } from "./Feedback";
import { SessionClock, useCurrentSession } from "./SessionClock";

/** How long "End the session?" waits for an answer before it goes back to the plain button. */
const CONFIRM_MS = 8000;

/** The End button asks before it ends a show: one stray click must not end it. */
function EndSession({ busy, pending, onEnd }: { busy: boolean; pending: boolean; onEnd: () => void }) {
  const [asking, setAsking] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!asking) return undefined;
    confirm.current?.focus();
    const timer = window.setTimeout(() => setAsking(false), CONFIRM_MS);
    const closeOutside = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setAsking(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") setAsking(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("pointerdown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" data-testid="session-end" className="btn-danger btn-sm" disabled={busy} onClick={() => setAsking(true)}>
        {pending ? <Spinner className="h-3 w-3" /> : null}
        End Session
      </button>
    );
  }
  return (
    <div ref={box} role="group" aria-label="End the session?" data-testid="session-end-ask" className="flex items-center gap-1.5">
      <span className="text-xs text-rose-200">End the show?</span>
      <button
        ref={confirm}
        type="button"
        data-testid="session-end-confirm"
        className="btn-danger btn-sm"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onEnd();
        }}
      >
        End it
      </button>
      <button type="button" data-testid="session-end-cancel" className="btn-ghost btn-sm" onClick={() => setAsking(false)}>
        Keep live
      </button>
    </div>
  );
}

/** LIVE/offline status of the owner's broadcast with Start and End buttons. */
export function SessionControls({ compact = false }: { compact?: boolean }) {
  const { current, session, live } = useCurrentSession();

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
          className={`h-2 w-2 rounded-full ${live ? "animate-live-pulse bg-rose-500" : "bg-slate-500"}`}
        />
        {current.isPending ? (
          "Checking…"
        ) : live && session ? (
          <>
            LIVE <SessionClock startedAt={session.startedAt} />
          </>
        ) : (
          "Offline"
        )}
      </span>
      {current.isPending ? (
        // Until the status is known neither Start nor End is the right button: show neither as usable.
        <button type="button" data-testid="session-pending" className="btn-primary btn-sm" disabled aria-busy="true">
          Start Session
        </button>
      ) : live ? (
        <EndSession busy={busy} pending={end.isPending} onEnd={() => end.mutate(session?.id)} />
      ) : (
        <button
          type="button"
          data-testid="session-start"
          className="btn-primary btn-sm"
          disabled={busy}
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
