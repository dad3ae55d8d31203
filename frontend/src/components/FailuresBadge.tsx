import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { listFailures } from "../api/endpoints";
import { keys } from "../api/keys";
import type { Failure } from "../api/types";
import { plural } from "../lib/format";

export const RECENT_FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
const SAMPLE = 100;

/** How many of the (newest-first) failures happened within the recent window. */
export function countRecentFailures(failures: Failure[], now: Date = new Date()): number {
  const cutoff = now.getTime() - RECENT_FAILURE_WINDOW_MS;
  return failures.filter((failure) => Date.parse(failure.occurredAt) >= cutoff).length;
}

/** Header link to the Failures page showing how many external calls failed in the last day. */
export function FailuresBadge({ onNavigate }: { onNavigate?: () => void }) {
  const failures = useQuery({
    queryKey: keys.recentFailures,
    queryFn: () => listFailures({ limit: SAMPLE, offset: 0 }),
    refetchInterval: 60_000,
  });
  const count = failures.data ? countRecentFailures(failures.data.items) : 0;
  const label = count >= SAMPLE ? `${SAMPLE}+` : String(count);
  const title = failures.error
    ? "Failures could not be loaded"
    : `${plural(count, "failure")} in the last 24 hours`;
  return (
    <Link
      to="/failures"
      onClick={onNavigate}
      data-testid="failures-badge"
      data-count={count}
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-semibold ${
        count > 0 || failures.error
          ? "border-amber-600/60 bg-amber-500/15 text-amber-200 hover:bg-amber-500/25"
          : "border-slate-700 bg-slate-800/60 text-slate-400 hover:text-slate-200"
      }`}
    >
      <span aria-hidden>⚠</span>
      <span className="tabular-nums">{failures.error ? "!" : label}</span>
      <span className="sr-only">recent failures</span>
    </Link>
  );
}
