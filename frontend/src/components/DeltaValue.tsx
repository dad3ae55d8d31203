import { deltaClassName, formatDelta } from "../lib/format";

const ARROWS = { up: "▲", down: "▼", flat: "", none: "" } as const;

/** A change since the previous capture: green when up, red when down. */
export function DeltaValue({ value }: { value: number | null | undefined }) {
  const delta = formatDelta(value);
  return (
    <span
      data-testid="delta"
      data-direction={delta.direction}
      className={`inline-flex items-center gap-0.5 text-xs font-medium tabular-nums ${deltaClassName(delta.direction)}`}
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
