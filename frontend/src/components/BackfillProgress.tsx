import type { Backfill } from "../api/types";
import { barTotal, progressText } from "../lib/backfills";
import { ProgressBar } from "./ProgressBar";

/** A backfill's bar with its counts underneath. */
export function BackfillProgress({ backfill }: { backfill: Backfill }) {
  return (
    <div className="min-w-0 space-y-1">
      <ProgressBar done={backfill.done} failed={backfill.failed} total={barTotal(backfill)} label={backfill.label} />
      <p data-testid="backfill-counts" className="text-xs text-slate-400 tabular-nums">
        {progressText(backfill)}
      </p>
    </div>
  );
}
