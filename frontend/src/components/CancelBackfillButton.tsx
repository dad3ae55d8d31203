import { errorLine } from "../api/client";
import { useCancelBackfill } from "../api/mutations/backfills";
import type { Backfill } from "../api/types";
import { isActive } from "../lib/backfills";
import { Spinner } from "./Feedback";

/**
 * Cancels a queued or running backfill. No confirmation: what it did so far is kept, and it can
 * be started again. A running one says "Cancelling…" until its process stops it.
 */
export function CancelBackfillButton({ backfill }: { backfill: Backfill }) {
  const cancel = useCancelBackfill();
  const active = isActive(backfill);
  if (!active && !cancel.error) return null;
  // Once asked, the button waits for the row itself to move: the answer may still be running.
  const cancelling = cancel.isPending || cancel.isSuccess || backfill.cancelRequestedAt !== null;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {active ? (
        <button
        type="button"
        data-testid="backfill-cancel"
        className="btn-secondary btn-sm"
        disabled={cancelling}
        title={cancelling ? "Stops after the chunk in hand" : "Stop it; what it did so far is kept"}
        onClick={() => cancel.mutate(backfill.id)}
      >
        {cancelling ? <Spinner className="h-3 w-3" /> : null}
        {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      ) : null}
      {cancel.error ? (
        <span role="alert" data-testid="backfill-cancel-error" className="text-xs break-words text-rose-300">
          {errorLine(cancel.error)}
        </span>
      ) : null}
    </span>
  );
}
