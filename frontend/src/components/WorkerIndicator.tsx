import { Link } from "react-router";

import { ApiError, describeError } from "../api/client";
import type { Health } from "../api/types";
import { useHealth } from "../hooks/useHealth";
import { useNow } from "../hooks/useNow";
import { formatAge, formatLag } from "../lib/format";

export type WorkerState = "live" | "stale" | "down" | "none" | "unknown";

export interface WorkerStatus {
  state: WorkerState;
  /** The whole sentence, for the tooltip and wherever the header has room for it. */
  text: string;
  /** Two or three words, for a desktop header already full of navigation. */
  label: string;
  /** One or two words for a phone's header. */
  short: string;
}

const DATABASE_DOWN: WorkerStatus = { state: "down", text: "Database down", label: "Database down", short: "DB down" };

function secondsSince(iso: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
}

/** What the header says about the worker, from the last health answer (or its failure). */
export function workerStatus(health: Health | undefined, error: unknown, now: Date): WorkerStatus {
  // The health route answers 503 exactly when the database does not.
  if (error instanceof ApiError && error.status === 503) {
    return DATABASE_DOWN;
  }
  if (!health) {
    return error
      ? { state: "unknown", text: `Health unknown · ${describeError(error).title}`, label: "Health unknown", short: "Unknown" }
      : { state: "unknown", text: "Checking worker…", label: "Checking…", short: "…" };
  }
  if (health.database === "down") return DATABASE_DOWN;
  const worker = health.worker;
  if (!worker) return { state: "none", text: "No worker", label: "No worker", short: "No worker" };
  if (worker.stale) {
    const age = worker.lastPollAt ? formatAge(secondsSince(worker.lastPollAt, now)) : null;
    return {
      state: "stale",
      text: `Worker stale · ${age ? `last poll ${age} ago` : "never polled"}`,
      label: age ? `Worker stale · ${age}` : "Worker stale",
      short: "Stale",
    };
  }
  const lag = worker.lagSeconds === null ? "" : ` · lag ${formatLag(worker.lagSeconds)}`;
  // "Live" alone would read as the broadcast's state, which the session pill beside it shows.
  return { state: "live", text: `Worker live${lag}`, label: "Worker live", short: "Worker" };
}

const STYLES: Record<WorkerState, { pill: string; dot: string }> = {
  live: {
    pill: "border-emerald-700/60 bg-emerald-500/10 text-emerald-200 hover:bg-emerald-500/20",
    dot: "bg-emerald-400 shadow-[0_0_6px] shadow-emerald-400",
  },
  stale: { pill: "border-amber-600/60 bg-amber-500/15 text-amber-200 hover:bg-amber-500/25", dot: "bg-amber-400" },
  down: { pill: "border-rose-600/60 bg-rose-500/15 text-rose-200 hover:bg-rose-500/25", dot: "bg-rose-400" },
  none: { pill: "border-slate-700 bg-slate-800/60 text-slate-400 hover:text-slate-200", dot: "bg-slate-500" },
  unknown: { pill: "border-slate-700 bg-slate-800/60 text-slate-400 hover:text-slate-200", dot: "bg-slate-600" },
};

/** Header pill saying whether the worker is recording, linking to the System page. */
export function WorkerIndicator() {
  const health = useHealth();
  const now = useNow(30_000);
  const status = workerStatus(health.data, health.error, now);
  const style = STYLES[status.state];
  return (
    <Link
      to="/system"
      data-testid="worker-indicator"
      data-state={status.state}
      title={status.text}
      className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-semibold whitespace-nowrap ${style.pill}`}
    >
      <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${style.dot}`} />
      {/* Phones get a word; the desktop header, full of navigation, a few; the rest the sentence. */}
      <span className="sm:hidden">{status.short}</span>
      <span className="hidden tabular-nums sm:inline lg:hidden 2xl:inline">{status.text}</span>
      <span className="hidden tabular-nums lg:inline 2xl:hidden">{status.label}</span>
    </Link>
  );
}
