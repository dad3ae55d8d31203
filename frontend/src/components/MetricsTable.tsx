import { flattenMetrics, formatMetricValue, metricLabel } from "../lib/format";
import { DeltaValue } from "./DeltaValue";

/** Rows of metric name, value and (when known) the delta since the previous capture. */
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
      {rows.map(([key, value]) => (
        <div key={key} data-testid="metric-row" data-metric={key} className="flex items-baseline gap-3 py-1.5">
          <dt className="min-w-0 flex-1 truncate text-sm text-slate-400" title={key}>
            {metricLabel(key)}
          </dt>
          <dd className="text-right text-sm font-medium break-all text-slate-100 tabular-nums">
            {formatMetricValue(value, key)}
          </dd>
          {deltas ? (
            <dd className="w-16 shrink-0 text-right">
              {key in deltas ? <DeltaValue value={deltas[key]} /> : <DeltaValue value={null} />}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
