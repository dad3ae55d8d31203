import type { Backfill, BackfillKind, BackfillStatus } from "../api/types";
import { humanize } from "./format";

export const KIND_LABELS: Record<BackfillKind, string> = {
  statbate_snapshots: "Statbate snapshots",
  tip_history: "Tip history",
  chat_import: "Chat import",
};

export const STATUS_TONES = {
  queued: "sky",
  running: "indigo",
  done: "emerald",
  failed: "rose",
  cancelled: "slate",
} as const satisfies Record<BackfillStatus, string>;

export function isActive(backfill: Pick<Backfill, "status">): boolean {
  return backfill.status === "queued" || backfill.status === "running";
}

/** While a backfill is moving, poll every second, so its bar and its end show within one. */
export function backfillRefetchInterval(active: boolean): number {
  return active ? 1_000 : 30_000;
}

/** "45 / 100 names", "12 pages so far", with failures when there are any. */
export function progressText(backfill: Backfill): string {
  const unit = backfill.unit;
  const counted = backfill.total === null ? `${backfill.done} ${unit} so far` : `${backfill.done} / ${backfill.total} ${unit}`;
  return backfill.failed > 0 ? `${counted} · ${backfill.failed} failed` : counted;
}

/** What the run did, as the worker counted it: "captured 38 · not found 2". */
export function summaryText(summary: Backfill["summary"]): string {
  return Object.entries(summary)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${humanize(outcome).toLowerCase()} ${count}`)
    .join(" · ");
}

/**
 * The total the bar is drawn against: a finished job with no announced total is measured by
 * what it did, so only a job still moving sweeps without a value.
 */
export function barTotal(backfill: Backfill): number | null {
  if (backfill.total !== null) return backfill.total;
  return isActive(backfill) ? null : backfill.done + backfill.failed;
}
