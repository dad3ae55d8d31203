import { flattenMetrics, formatMetricValue, isNumber, metricKind, metricLabel } from "../lib/format";
import { DeltaValue } from "./DeltaValue";

/** The raw value on hover where the shown one is a reading of it (a gender code). */
function rawTitle(key: string, value: unknown): string | undefined {
  return metricKind(key) === "gender" ? `Statbate code ${String(value)}` : undefined;
}

/**
 * Rows of metric name and value, and where something changed since the previous capture, by
 * how much. Unchanged and not comparable values carry no delta at all: only change draws the eye,
 * and with no change at all the table keeps no column for it. In a narrow column the name keeps
 * at least two fifths of the row and wraps rather than shrinking to a letter, and the value wraps.
 */
export function MetricsTable({
  metrics,
  deltas,
}: {
  metrics: Record<string, unknown>;
  deltas?: Record<string, number | null> | undefined;
}) {
  const rows = flattenMetrics(metrics);
  if (rows.length === 0) return <p className="text-sm text-slate-500">No metrics captured.</p>;
  const changed = (key: string): boolean => {
    const delta = deltas?.[key];
    return isNumber(delta) && delta !== 0 && metricKind(key) !== "identifier";
  };
  const anyChanged = rows.some(([key]) => changed(key));
  return (
    <dl className="divide-y divide-slate-800/60">
      {rows.map(([key, value]) => (
        <div key={key} data-testid="metric-row" data-metric={key} className="flex items-baseline gap-3 py-1.5">
          <dt className="min-w-[40%] flex-1 text-sm [overflow-wrap:anywhere] text-slate-400">{metricLabel(key)}</dt>
          <dd
            className="min-w-0 text-right text-sm font-medium [overflow-wrap:anywhere] text-slate-100 tabular-nums"
            title={rawTitle(key, value)}
          >
            {formatMetricValue(value, key)}
          </dd>
          {anyChanged ? (
            <dd className="w-20 shrink-0 text-right">
              {changed(key) ? <DeltaValue value={deltas?.[key]} metric={key} /> : null}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
