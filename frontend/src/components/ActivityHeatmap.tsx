import { formatHour, formatHourTick, formatNumber, plural } from "../lib/format";
import { useOwnerClock } from "./OwnerClock";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const HOUR_TICKS = new Set([0, 6, 12, 18]);

// Level 0 is "nothing"; 1–4 split the busiest cell's count into quarters.
const LEVEL_CLASSES = [
  "bg-slate-800/50",
  "bg-indigo-900/80",
  "bg-indigo-700",
  "bg-indigo-500",
  "bg-violet-300",
] as const;

/** A 7 × 24 grid of counts whatever the payload held: missing cells are 0, extras dropped. */
export function normalizeHeatmap(grid: readonly (readonly number[])[]): number[][] {
  return WEEKDAYS.map((_, day) =>
    HOURS.map((hour) => {
      const value = grid[day]?.[hour];
      return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
    }),
  );
}

/** 0 for an empty cell, else 1–4 by quarter of the busiest cell. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

export interface HeatmapPeak {
  day: number;
  hour: number;
  count: number;
}

/** The busiest cell (earliest in the week on ties), or null when the grid is empty. */
export function heatmapPeak(grid: readonly (readonly number[])[]): HeatmapPeak | null {
  let peak: HeatmapPeak | null = null;
  for (const [day, row] of grid.entries()) {
    for (const [hour, count] of row.entries()) {
      if (count > 0 && (peak === null || count > peak.count)) peak = { day, hour, count };
    }
  }
  return peak;
}

function cellTitle(day: number, hour: number, count: number): string {
  const span = `${WEEKDAYS[day]} ${formatHour(hour)}–${formatHour((hour + 1) % 24)}`;
  return `${span}: ${plural(count, "interaction")}`;
}

/** When someone is active: interactions per weekday and hour, darkest = quietest. */
export function ActivityHeatmap({ grid, timezone }: { grid: readonly (readonly number[])[]; timezone: string }) {
  useOwnerClock();
  const cells = normalizeHeatmap(grid);
  const max = Math.max(0, ...cells.flat());
  const peak = heatmapPeak(cells);
  return (
    <figure data-testid="activity-heatmap" data-max={max}>
      <div
        role="grid"
        aria-label={`Activity by weekday and hour (${timezone})`}
        className="grid gap-[3px] text-[10px] text-slate-500"
        style={{ gridTemplateColumns: "2.25rem repeat(24, minmax(0, 1fr))" }}
      >
        {cells.map((row, day) => (
          <div key={WEEKDAYS[day]} role="row" className="contents">
            <span role="rowheader" className="self-center pr-1 text-right text-[11px] text-slate-400">
              {WEEKDAYS[day]}
            </span>
            {row.map((count, hour) => {
              const level = heatLevel(count, max);
              return (
                <span
                  key={hour}
                  role="gridcell"
                  data-testid="heatmap-cell"
                  data-day={day}
                  data-hour={hour}
                  data-count={count}
                  data-level={level}
                  title={cellTitle(day, hour, count)}
                  aria-label={cellTitle(day, hour, count)}
                  className={`aspect-square min-h-2.5 rounded-[3px] ${LEVEL_CLASSES[level]}`}
                />
              );
            })}
          </div>
        ))}
        <span />
        {HOURS.map((hour) => (
          <span key={hour} aria-hidden className="pt-0.5 text-center tabular-nums">
            {HOUR_TICKS.has(hour) ? formatHourTick(hour) : ""}
          </span>
        ))}
      </div>
      <figcaption className="mt-3 flex flex-wrap items-center justify-between gap-3 text-xs text-slate-400">
        <span data-testid="heatmap-peak">
          {peak
            ? `Busiest: ${WEEKDAYS[peak.day]} ${formatHour(peak.hour)} (${formatNumber(peak.count)})`
            : "No activity recorded yet"}
          <span className="text-slate-500"> · times in {timezone}</span>
        </span>
        <span className="flex items-center gap-1" aria-hidden>
          less
          {LEVEL_CLASSES.map((tone) => (
            <span key={tone} className={`h-2.5 w-2.5 rounded-[3px] ${tone}`} />
          ))}
          more
        </span>
      </figcaption>
    </figure>
  );
}
