import type { StatbateUse } from "../api/types";
import { formatRelative } from "../lib/format";

const OUTCOMES: Record<StatbateUse["outcome"], string> = {
  fetched: "fetched now",
  fresh: "fresh",
  not_found: "not on Statbate",
  failed: "failed",
};

/**
 * What "Include Statbate" did: snapshots still fresh are reused (and say how old they are)
 * instead of being paid for again; the others were fetched now.
 */
export function StatbateFreshness({ uses }: { uses: StatbateUse[] }) {
  if (uses.length === 0) return null;
  const fresh = uses.filter((use) => use.outcome === "fresh");
  const fetched = uses.filter((use) => use.outcome === "fetched").length;
  return (
    <div
      data-testid="statbate-freshness"
      className="rounded-lg border border-slate-800 bg-slate-900/60 px-4 py-2.5 text-sm text-slate-300"
    >
      <p>
        Statbate: {fetched} fetched now
        {fresh.length ? `, ${fresh.length} still fresh (not fetched again)` : ""}.
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-400">
        {uses.map((use) => (
          <li key={`${use.personId}-${use.source}`} data-outcome={use.outcome}>
            <span className="text-slate-200">{use.username}</span>: {OUTCOMES[use.outcome]}
            {use.outcome === "fresh" && use.capturedAt ? `, ${formatRelative(use.capturedAt)}` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
