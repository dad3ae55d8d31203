import type { Coverage } from "../api/types";
import { coverageNote } from "../lib/coverage";
import { useOwnerClock } from "./OwnerClock";

/** "Partial" beside a session whose events the panel did not hear in full; nothing otherwise. */
export function CoverageBadge({ coverage, className = "" }: { coverage: Coverage | null | undefined; className?: string }) {
  useOwnerClock();
  const note = coverageNote(coverage);
  if (!note) return null;
  return (
    <span
      data-testid="coverage-partial"
      title={note}
      aria-label={note}
      className={`rounded bg-amber-500/15 px-1.5 py-0.5 text-[10px] font-semibold text-amber-300 ${className}`}
    >
      Partial
    </span>
  );
}
