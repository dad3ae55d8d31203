import { flattenMetrics, formatMetricValue, isNumber, metricKind, metricLabel } from "../lib/format";
import { DeltaValue } from "./DeltaValue";

/** The raw value on hover where the shown one is a reading of it (a gender code). */
function rawTitle(key: string, value: unknown): string | undefined {
  return metricKind(key) === "gender" ? `Statbate code ${String(value)}` : undefined;
}

/**
 * Rows of metric name and value, and where something changed since the previous capture, by
 * how much. Unchanged and not comparable values carry no delta at all: only change draws the eye.
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
  return (
    <dl className="divide-y divide-slate-800/60">
      {rows.map(([key, value]) => {
        const delta = deltas?.[key];
        const changed = isNumber(delta) && delta !== 0 && metricKind(key) !== "identifier";
        return (
          <div key={key} data-testid="metric-row" data-metric={key} className="flex items-baseline gap-3 py-1.5">
            <dt className="min-w-0 flex-1 truncate text-sm text-slate-400">{metricLabel(key)}</dt>
            <dd
              className="text-right text-sm font-medium [overflow-wrap:anywhere] text-slate-100 tabular-nums"
              title={rawTitle(key, value)}
            >
              {formatMetricValue(value, key)}
            </dd>
            {deltas ? (
              <dd className="w-20 shrink-0 text-right">{changed ? <DeltaValue value={delta} metric={key} /> : null}</dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}
