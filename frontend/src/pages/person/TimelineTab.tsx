import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { getSnapshots } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { snapshotQuery } from "../../api/queries";
import { SNAPSHOT_SOURCES, type Snapshot, type SnapshotPage, type SnapshotSource } from "../../api/types";
import { Card } from "../../components/Card";
import { DeltaValue } from "../../components/DeltaValue";
import { EmptyState, QueryState } from "../../components/Feedback";
import { MetricsTable } from "../../components/MetricsTable";
import { SourceTag } from "../../components/SourceTag";
import { TimeText } from "../../components/TimeText";
import {
  flattenMetrics,
  formatDateTime,
  formatMetricNumber,
  isNumber,
  isQuantityMetric,
  metricLabel,
  plural,
  sourceDetailLabel,
} from "../../lib/format";

const WINDOW = 500;
const PREFERRED_METRICS = ["all_time_tokens", "num_followers", "token_balance", "models_tipped_2weeks"];
const SOURCE_COLORS: Record<SnapshotSource, string> = {
  statbate_member: "#a78bfa",
  statbate_profile: "#818cf8",
  statbate_model: "#c084fc",
  cb_stats: "#fbbf24",
  manual: "#38bdf8",
};

/** The newest `WINDOW` snapshots, oldest first, as the API pages them oldest first. */
async function loadLatestSnapshots(personId: number, source: SnapshotSource | ""): Promise<SnapshotPage> {
  const first = await getSnapshots(personId, { source, limit: WINDOW, offset: 0 });
  if (first.total <= WINDOW) return first;
  return getSnapshots(personId, { source, limit: WINDOW, offset: first.total - WINDOW });
}

/** The quantities a snapshot captured (not its identifiers or codes): what can be charted. */
function numericMetrics(snapshot: Snapshot): [string, number][] {
  return flattenMetrics(snapshot.normalizedMetrics).filter(
    (entry): entry is [string, number] => isNumber(entry[1]) && isQuantityMetric(entry[0]),
  );
}

/** Captures of one value in a row, shown as one line: the newest, how many, since when. */
export interface CaptureRun {
  newest: Snapshot;
  oldest: Snapshot;
  count: number;
  value: number;
  /** The change from the run before it (of the same source); null for the first. */
  delta: number | null;
  snapshotIds: number[];
}

/** Consecutive captures (oldest first) of the same source and value folded into runs, newest first. */
export function captureRuns(captures: { snapshot: Snapshot; value: number }[]): CaptureRun[] {
  const runs: CaptureRun[] = [];
  const last = new Map<string, CaptureRun>();
  for (const { snapshot, value } of captures) {
    const previous = last.get(snapshot.source);
    if (previous && previous.value === value) {
      previous.newest = snapshot;
      previous.count += 1;
      previous.snapshotIds.push(snapshot.id);
      continue;
    }
    const run: CaptureRun = {
      newest: snapshot,
      oldest: snapshot,
      count: 1,
      value,
      delta: previous ? value - previous.value : null,
      snapshotIds: [snapshot.id],
    };
    runs.push(run);
    last.set(snapshot.source, run);
  }
  return runs.reverse();
}

/** The snapshot an evidence link pointed at, with every metric it captured. */
function HighlightedSnapshot({ id, onClear }: { id: number; onClear: () => void }) {
  const query = useQuery(snapshotQuery(id));
  return (
    <Card
      title={`Evidence · snapshot #${id}`}
      testId="snapshot-highlight"
      className="border-amber-500/40 bg-amber-500/5"
      actions={
        <>
          {query.data ? <SourceTag source={query.data.source} capturedAt={query.data.capturedAt} detailed /> : null}
          <button type="button" data-testid="snapshot-highlight-clear" className="btn-ghost btn-sm" onClick={onClear}>
            Close
          </button>
        </>
      }
    >
      <QueryState query={query} loadingLabel="Loading the snapshot…" retry={false}>
        {(snapshot) => (
          <div className="sm:columns-2 sm:gap-8">
            <MetricsTable metrics={snapshot.normalizedMetrics} />
          </div>
        )}
      </QueryState>
    </Card>
  );
}

interface Point {
  time: number;
  [source: string]: number;
}

export function TimelineTab({
  personId,
  highlightSnapshotId = null,
  onClearHighlight = () => undefined,
}: {
  personId: number;
  highlightSnapshotId?: number | null;
  onClearHighlight?: () => void;
}) {
  const [source, setSource] = useState<SnapshotSource | "">("");
  const [chosenMetric, setChosenMetric] = useState("");
  const query = useQuery({
    queryKey: keys.personSnapshots(personId, source),
    queryFn: () => loadLatestSnapshots(personId, source),
  });
  const snapshots = useMemo(() => query.data?.items ?? [], [query.data]);

  const metricNames = useMemo(() => {
    const names = new Set<string>();
    for (const snapshot of snapshots) for (const [name] of numericMetrics(snapshot)) names.add(name);
    return [...names].sort((a, b) => metricLabel(a).localeCompare(metricLabel(b)));
  }, [snapshots]);
  const metric =
    chosenMetric && metricNames.includes(chosenMetric)
      ? chosenMetric
      : (PREFERRED_METRICS.find((name) => metricNames.includes(name)) ?? metricNames[0] ?? "");

  const { points, sources, captures } = useMemo(() => {
    const rows: Point[] = [];
    const seen = new Set<SnapshotSource>();
    const list: { snapshot: Snapshot; value: number }[] = [];
    for (const snapshot of snapshots) {
      const value = numericMetrics(snapshot).find(([name]) => name === metric)?.[1];
      if (value === undefined) continue;
      seen.add(snapshot.source);
      rows.push({ time: Date.parse(snapshot.capturedAt), [snapshot.source]: value });
      list.push({ snapshot, value });
    }
    return { points: rows, sources: [...seen], captures: captureRuns(list).slice(0, 25) };
  }, [snapshots, metric]);

  return (
    <div className="space-y-4">
      {highlightSnapshotId !== null ? <HighlightedSnapshot id={highlightSnapshotId} onClear={onClearHighlight} /> : null}
      <div className="card flex flex-wrap items-end gap-3 p-4">
        <div className="min-w-48 flex-1 sm:flex-none">
          <label htmlFor="timeline-metric" className="label">
            Metric
          </label>
          <select
            id="timeline-metric"
            data-testid="timeline-metric"
            className="input"
            value={metric}
            disabled={metricNames.length === 0}
            onChange={(event) => setChosenMetric(event.target.value)}
          >
            {metricNames.length === 0 ? <option value="">No numeric metrics</option> : null}
            {metricNames.map((name) => (
              <option key={name} value={name}>
                {metricLabel(name)}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-48 flex-1 sm:flex-none">
          <label htmlFor="timeline-source" className="label">
            Source
          </label>
          <select
            id="timeline-source"
            data-testid="timeline-source"
            className="input"
            value={source}
            onChange={(event) => setSource(event.target.value as SnapshotSource | "")}
          >
            <option value="">All sources</option>
            {SNAPSHOT_SOURCES.map((item) => (
              <option key={item} value={item}>
                {sourceDetailLabel(item)}
              </option>
            ))}
          </select>
        </div>
        {query.data ? (
          <p className="ml-auto text-xs text-slate-500">
            {plural(query.data.total, "snapshot")}
            {query.data.total > WINDOW ? ` (latest ${WINDOW} shown)` : ""}
          </p>
        ) : null}
      </div>

      <QueryState
        query={query}
        loadingLabel="Loading snapshots…"
        isEmpty={() => points.length === 0}
        empty={
          <EmptyState title="No snapshots to chart">
            Snapshots are captured by lookups with “Include Statbate” and by the stats poller.
          </EmptyState>
        }
      >
        {() => (
          <>
            <Card title={`${metricLabel(metric)} over time`} testId="timeline-chart">
              <div className="h-72 w-full sm:h-80">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
                    <CartesianGrid stroke="#1e293b" strokeDasharray="3 3" />
                    <XAxis
                      dataKey="time"
                      type="number"
                      scale="time"
                      domain={["dataMin", "dataMax"]}
                      tickFormatter={(value: number) => formatDateTime(new Date(value).toISOString())}
                      stroke="#8a97ab"
                      fontSize={11}
                      minTickGap={56}
                    />
                    <YAxis
                      stroke="#8a97ab"
                      fontSize={11}
                      width={72}
                      tickFormatter={(value: number) => formatMetricNumber(value, metric)}
                      domain={["auto", "auto"]}
                    />
                    <Tooltip
                      contentStyle={{
                        background: "#0f172a",
                        border: "1px solid #334155",
                        borderRadius: 8,
                        fontSize: 12,
                      }}
                      labelStyle={{ color: "#cbd5e1" }}
                      labelFormatter={(value) => formatDateTime(new Date(Number(value)).toISOString(), { zone: true })}
                      formatter={(value, name) => [formatMetricNumber(Number(value), metric), sourceDetailLabel(String(name))]}
                    />
                    <Legend formatter={(name) => sourceDetailLabel(String(name))} wrapperStyle={{ fontSize: 12 }} />
                    {sources.map((item) => (
                      <Line
                        key={item}
                        // A value holds from one capture until the next changes it: steps, not slopes.
                        type="stepAfter"
                        dataKey={item}
                        stroke={SOURCE_COLORS[item]}
                        strokeWidth={2}
                        dot={points.length <= 60 ? { r: 3 } : false}
                        connectNulls
                        isAnimationActive={false}
                      />
                    ))}
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </Card>
            <Card title="Captures">
              <ul data-testid="timeline-captures" className="divide-y divide-slate-800/60">
                {captures.map((run) => {
                  const highlighted = highlightSnapshotId !== null && run.snapshotIds.includes(highlightSnapshotId);
                  return (
                    <li
                      key={run.newest.id}
                      data-testid="timeline-capture"
                      data-count={run.count}
                      data-highlighted={highlighted ? "true" : undefined}
                      className={`flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm ${
                        highlighted ? "-mx-2 rounded-md bg-amber-500/10 px-2" : ""
                      }`}
                    >
                      <span className="min-w-40 text-slate-300">
                        <TimeText iso={run.newest.capturedAt} mode="absolute" />
                        {run.count > 1 ? (
                          <span className="block text-xs text-slate-500">
                            same {run.count} times since <TimeText iso={run.oldest.capturedAt} mode="absolute" />
                          </span>
                        ) : null}
                      </span>
                      <SourceTag source={run.newest.source} />
                      <span className="ml-auto font-medium text-slate-100 tabular-nums">{formatMetricNumber(run.value, metric)}</span>
                      <span className="w-24 text-right">
                        {run.delta !== null && run.delta !== 0 ? <DeltaValue value={run.delta} metric={metric} /> : null}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
