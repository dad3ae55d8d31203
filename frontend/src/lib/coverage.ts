import type { Coverage } from "../api/types";
import { formatTime, zoneLabel } from "./format";

/** Whether the panel heard the whole session: only then are its counts whole. */
export function isComplete(coverage: Coverage | null | undefined): boolean {
  return coverage?.state !== "partial" && coverage?.state !== "unknown";
}

/** "21:40–21:55, 22:10–22:12 EST": when the panel was not listening, on the owner's clock. */
export function formatGaps(coverage: Coverage): string {
  const spans = coverage.gaps.map((gap) => {
    const seconds = formatTime(gap.startedAt) === formatTime(gap.endedAt);
    return `${formatTime(gap.startedAt, { seconds })}–${formatTime(gap.endedAt, { seconds })}`;
  });
  const first = coverage.gaps[0];
  return spans.length && first ? `${spans.join(", ")} ${zoneLabel(first.startedAt)}` : "";
}

/** One sentence on what the panel missed of a session; null when it heard all of it. */
export function coverageNote(coverage: Coverage | null | undefined): string | null {
  if (!coverage || isComplete(coverage)) return null;
  if (coverage.state === "unknown") {
    return "Partial: the panel did not record when it was listening during this session, so counts are at least these.";
  }
  return `Partial: the panel was not listening ${formatGaps(coverage)}, so counts are at least these.`;
}
