import { deltaClassName, formatDelta, formatMetricDelta } from "../lib/format";

const ARROWS = { up: "▲", down: "▼", flat: "", none: "" } as const;

/** A change since the previous capture: green when up, red when down; `metric` writes it in the
 * metric's own unit (hours and minutes, dollars). */
export function DeltaValue({ value, metric }: { value: number | null | undefined; metric?: string }) {
  const delta = metric ? formatMetricDelta(value, metric) : formatDelta(value);
  return (
    <span
      data-testid="delta"
      data-direction={delta.direction}
      className={`inline-flex items-center gap-0.5 text-xs font-medium whitespace-nowrap tabular-nums ${deltaClassName(delta.direction)}`}
    >
      {ARROWS[delta.direction] ? (
        <span aria-hidden className="text-[9px]">
          {ARROWS[delta.direction]}
        </span>
      ) : null}
      {delta.text}
    </span>
  );
}
